package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class JdbcUrlTest {

    private static String credentials(PostgresDatabase db) {
        return "user=" + db.username() + "&password=" + db.password();
    }

    @Test
    void aJdbcUrlFromAnExistingConfigurationConnects(PostgresDatabase db) {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + credentials(db)
                + "&ApplicationName=from-jdbc&connectTimeout=7";
        try (PostgresClient client = PostgresClient.fromUri(url)) {
            assertThat(client.queryRow(Sql.of("SELECT current_database()"), String.class)).isEqualTo(db.database());
            assertThat(client.queryRow(Sql.of("SELECT current_setting('application_name')"), String.class))
                    .isEqualTo("from-jdbc");
        }
    }

    @Test
    void jdbcMultiHostUrlsArePassedToTheDriverWhichSkipsADeadFirstHost(PostgresDatabase db) {
        // Port 1 on the loopback refuses at once; pgjdbc then tries the next server of the list.
        String url = "jdbc:postgresql://127.0.0.1:1," + db.host() + ":" + db.port() + "/" + db.database() + "?"
                + credentials(db) + "&targetServerType=any";
        PostgresClient.Builder b = PostgresClient.Builder.fromUri(url);
        assertThat(b.hosts()).containsExactly("127.0.0.1:1", db.host() + ":" + db.port());
        try (PostgresClient client = b.build()) {
            assertThat(client.queryRow(Sql.of("SELECT inet_server_port()"), Integer.class)).isEqualTo(db.port());
        }
    }

    @Test
    void libpqMultiHostUrisWorkToo(PostgresDatabase db) {
        String uri = "postgresql://" + db.username() + ":" + db.password() + "@127.0.0.1:1," + db.host() + ":"
                + db.port() + "/" + db.database() + "?target_session_attrs=read-write";
        PostgresClient.Builder b = PostgresClient.Builder.fromUri(uri);
        assertThat(b.options().driverProperties()).containsEntry("targetServerType", "primary");
        try (PostgresClient client = b.build()) {
            assertThat(client.queryRow(Sql.of("SELECT current_database()"), String.class)).isEqualTo(db.database());
        }
    }

    @Test
    void readsTheJdbcPropertiesThatTheClientNames() {
        PostgresClient.Builder b = PostgresClient.Builder.fromUri("jdbc:postgresql://[::1]:6543,db2/shop%20db"
                + "?user=app&password=s3cret&sslmode=require&socketTimeout=30&currentSchema=sales"
                + "&prepareThreshold=0");
        assertThat(b.hosts()).containsExactly("[::1]:6543", "db2:5432");
        assertThat(b.host()).isEqualTo("::1");
        assertThat(b.port()).isEqualTo(6543);
        assertThat(b.database()).isEqualTo("shop db");
        assertThat(b.username()).isEqualTo("app");
        assertThat(b.password()).isEqualTo("s3cret");
        assertThat(b.options().tls().mode()).isEqualTo(TlsMode.REQUIRE);
        assertThat(b.options().socketTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.options().currentSchema()).isEqualTo("sales");
        assertThat(b.options().driverProperties()).containsEntry("prepareThreshold", "0");
        assertThat(b.toString()).doesNotContain("s3cret");
    }

    @Test
    void legacySslTrueMeansVerifyFullUnlessSslmodeSaysOtherwise() {
        assertThat(PostgresClient.Builder.fromUri("jdbc:postgresql://h/db?ssl=true").options().tls().mode())
                .isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(PostgresClient.Builder.fromUri("jdbc:postgresql://h/db?ssl=true&sslmode=require").options()
                .tls().mode()).isEqualTo(TlsMode.REQUIRE);
    }

    @Test
    void unknownJdbcParametersAreRejectedByNameWithoutThePassword() {
        assertThatThrownBy(() -> PostgresClient.Builder.fromUri(
                "jdbc:postgresql://h/db?password=topsecret&applicationName=x"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'applicationName'")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void unsupportedSchemesAndMalformedJdbcUrlsAreClearErrors() {
        assertThatThrownBy(() -> PostgresClient.fromUri("jdbc:mysql://h:3306/db"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'jdbc'").hasMessageContaining("jdbc:postgresql://");
        assertThatThrownBy(() -> PostgresClient.fromUri("mongodb://u:topsecret@h/db"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'mongodb'").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> PostgresClient.fromUri("jdbc:postgresql://h:notaport/db?password=topsecret"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Malformed JDBC URL").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> PostgresClient.builder().hosts(List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("hosts");
    }
}
