package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.PostgresException;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lazily started pool, and several init statements per new connection. */
@WithPostgres
@Timeout(120)
class PoolStartTest {

    @Test
    void aLazyClientStartsBeforeItsDatabaseAndConnectsOnceItIsUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PostgresClient client = PostgresClient.builder().host("localhost").port(port).username("postgres")
                .password("lazy-pw").database("postgres")
                .pool(PoolOptions.builder().lazyStart(true).maxOpenConnections(2).minIdleConnections(0)
                        .connectionTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(500)).build())
                .build()) {
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("localhost:" + port)
                    .hasMessageNotContaining("lazy-pw");
            try (EmbeddedPostgres server = EmbeddedPostgres.builder().port(port).password("lazy-pw").start()) {
                assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
            }
        }
    }

    @Test
    void everyInitStatementRunsOnEachNewConnection(PostgresDatabase db) {
        try (PostgresClient client = TestClients.builder(db).pool(PoolOptions.builder().maxOpenConnections(2)
                .minIdleConnections(1).initStatements("SET application_name = 'gaps'",
                        "SET search_path = gaps, public").build()).build()) {
            assertThat(client.queryRow(Sql.of("SELECT current_setting('application_name') || ' ' "
                    + "|| current_setting('search_path')"), String.class)).isEqualTo("gaps gaps, public");
        }
        assertThatThrownBy(() -> TestClients.builder(db).pool(PoolOptions.builder()
                .initStatements("SET TIME ZONE 'UTC'", "SET no_such_setting = 1").build()).build())
                .isInstanceOf(PostgresException.class).hasMessageContaining("no_such_setting");
        assertThatThrownBy(() -> PoolOptions.builder().initStatements("SELECT 1", " "))
                .isInstanceOf(ConfigurationException.class);
    }
}
