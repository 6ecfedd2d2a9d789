package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionUrisTest {

    @Test
    void readsEveryPartOfALibpqUri() {
        PostgresClient.Builder b = PostgresClient.Builder.fromUri(
                "postgresql://app%40corp:s%3Acret@db.example.com:6543/shop%20db?sslmode=require"
                        + "&connect_timeout=7&application_name=billing&prepareThreshold=0");
        assertThat(b.username()).isEqualTo("app@corp");
        assertThat(b.password()).isEqualTo("s:cret");
        assertThat(b.host()).isEqualTo("db.example.com");
        assertThat(b.port()).isEqualTo(6543);
        assertThat(b.database()).isEqualTo("shop db");
        assertThat(b.options().tls().mode()).isEqualTo(TlsMode.REQUIRE);
        assertThat(b.options().connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(b.options().applicationName()).isEqualTo("billing");
        assertThat(b.options().driverProperties()).containsEntry("prepareThreshold", "0");
        assertThat(b.toString()).doesNotContain("s:cret");
    }

    @Test
    void readsIpv6HostsAndDefaults() {
        PostgresClient.Builder b = PostgresClient.Builder.fromUri("postgres://[::1]/");
        assertThat(b.host()).isEqualTo("::1");
        assertThat(b.port()).isEqualTo(5432);
        assertThat(b.username()).isEqualTo("postgres");
        assertThat(b.database()).isNull();
    }

    @Test
    void badUrisAreClearErrorsThatHideThePassword() {
        assertThatThrownBy(() -> PostgresClient.Builder.fromUri("mysql://x"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> PostgresClient.Builder.fromUri("postgresql://u:topsecret@h:notaport/db"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("port")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> PostgresClient.Builder.fromUri("postgresql://h/db?sslmode=sometimes"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sslmode");
    }

    @Test
    void readsTheLibpqEnvironmentVariables() {
        PostgresClient.Builder b = PostgresClient.Builder.fromEnvironment(Map.of(
                "PGHOST", "pg.internal", "PGPORT", "5433", "PGUSER", "reporter", "PGPASSWORD", "pw",
                "PGDATABASE", "stats", "PGSSLMODE", "verify-full", "PGAPPNAME", "etl"));
        assertThat(b.host()).isEqualTo("pg.internal");
        assertThat(b.port()).isEqualTo(5433);
        assertThat(b.username()).isEqualTo("reporter");
        assertThat(b.password()).isEqualTo("pw");
        assertThat(b.database()).isEqualTo("stats");
        assertThat(b.options().tls().mode()).isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(b.options().applicationName()).isEqualTo("etl");
    }

    @Test
    void readsLibpqMultiHostEnvironmentVariables() {
        PostgresClient.Builder b = PostgresClient.Builder.fromEnvironment(Map.of(
                "PGHOST", "db1,db2,::1", "PGPORT", "5433,5434,5435", "PGTARGETSESSIONATTRS", "read-write"));
        assertThat(b.hosts()).containsExactly("db1:5433", "db2:5434", "[::1]:5435");
        assertThat(b.options().driverProperties()).containsEntry("targetServerType", "primary");
        assertThat(PostgresClient.Builder.fromEnvironment(Map.of("PGHOST", "db1,db2", "PGPORT", "6000")).hosts())
                .containsExactly("db1:6000", "db2:6000");
        assertThat(PostgresClient.Builder.fromEnvironment(Map.of("PGHOST", "db1,db2")).hosts())
                .containsExactly("db1:5432", "db2:5432");
        assertThatThrownBy(() -> PostgresClient.Builder.fromEnvironment(Map.of("PGHOST", "a,b,c", "PGPORT", "1,2")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PGPORT");
        assertThatThrownBy(() -> PostgresClient.Builder.fromEnvironment(Map.of("PGHOST", "a,,c")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("empty host");
        assertThatThrownBy(() -> PostgresClient.Builder.fromEnvironment(Map.of("PGTARGETSESSIONATTRS", "fastest")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("target_session_attrs");
    }

    @Test
    void optionsRejectBadValuesByName() {
        assertThatThrownBy(() -> ClientOptions.builder().socketTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("socketTimeout");
        assertThatThrownBy(() -> PoolOptions.builder().maxLifetime(Duration.ofSeconds(5)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxLifetime");
        assertThatThrownBy(() -> PostgresClient.builder().port(70000))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("port");
    }
}
