package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings a user reaches for first, at their edges (issue #21, items 11-13). */
@WithPostgres
@Timeout(60)
class SettingsAtTheEdgesTest {

    @Test
    void shortConnectionTimeoutAloneIsAcceptedAndDerivesTheValidationTimeout(PostgresDatabase db) {
        PoolOptions oneSecond = PoolOptions.builder().connectionTimeout(Duration.ofSeconds(1)).build();
        assertThat(oneSecond.validationTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(PoolOptions.builder().build().validationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(PoolOptions.builder().connectionTimeout(Duration.ofMillis(250)).build().validationTimeout())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(oneSecond.toBuilder().connectionTimeout(Duration.ofSeconds(4)).build().validationTimeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> PoolOptions.builder().connectionTimeout(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofSeconds(2)).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("validationTimeout");
        try (PostgresClient client = TestClients.builder(db).pool(oneSecond.toBuilder().maxOpenConnections(2)
                .minIdleConnections(1).build()).build()) {
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isOne();
        }
    }

    @Test
    void fetchSizeZeroMeansTheDriversDefaultAndStillReadsEveryRow(PostgresDatabase db) {
        ClientOptions options = ClientOptions.builder().fetchSize(0).build();
        assertThat(options.fetchSize()).isZero();
        assertThatThrownBy(() -> ClientOptions.builder().fetchSize(-1)).isInstanceOf(ConfigurationException.class);
        try (PostgresClient client = TestClients.builder(db).options(options).build()) {
            List<Integer> rows;
            try (var s = client.query(Sql.of("SELECT g FROM generate_series(1, 2500) g"), Integer.class)) {
                rows = s.toList();
            }
            assertThat(rows).hasSize(2500).endsWith(2500);
            client.transaction(tx -> {
                try (var s = tx.query(Sql.of("SELECT g FROM generate_series(1, 1500) g"), Integer.class)) {
                    assertThat(s.count()).isEqualTo(1500);
                }
                return null;
            });
        }
    }

    @Test
    void unknownHostNamesTheHostAndTheResolversAnswer() {
        assertThatThrownBy(() -> PostgresClient.builder().host("no-such-host.invalid").port(5432)
                .options(ClientOptions.builder().connectTimeout(Duration.ofSeconds(5)).build())
                .pool(PoolOptions.builder().connectionTimeout(Duration.ofSeconds(5)).build()).build())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("no-such-host.invalid")
                .hasMessageContaining("host name is unknown")
                .hasMessageContaining("resolver");
    }
}
