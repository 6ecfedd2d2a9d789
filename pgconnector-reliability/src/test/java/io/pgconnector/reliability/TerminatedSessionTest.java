package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression: a session ended by the server (SQLSTATE 57P01 {@code admin_shutdown}, what every open connection gets
 * when the server stops or restarts) was a {@code ConnectionException} whose {@code isConnectionError()} said false,
 * so code that retries connection errors did not retry the most common failure of a restart.
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(60)
class TerminatedSessionTest {

    @Test
    void aSessionTerminatedByTheServerIsAConnectionErrorAndThePoolReplacesIt(EmbeddedPostgres server) {
        PostgresDatabase db = Secrets.appDatabase(server, "terminated_session");
        try (PostgresClient client = Secrets.builder(db, ClientOptions.defaults())
                .pool(PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build()).build()) {
            assertThatThrownBy(() -> client.transaction(tx -> {
                int pid = tx.queryRow(Sql.of("SELECT pg_backend_pid()"), Integer.class);
                Secrets.superuser(server, db.database(), "SELECT pg_terminate_backend(" + pid + ", 5000)");
                return tx.queryRow(Sql.of("SELECT 1"), Integer.class);
            })).isInstanceOfSatisfying(ConnectionException.class, e -> {
                assertThat(e.sqlState()).isIn("57P01", "08006", "08003");
                assertThat(e.isConnectionError()).as("%s (SQLSTATE %s) is a connection error", e, e.sqlState())
                        .isTrue();
                Secrets.assertNotIn(e);
            });
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
        }
    }
}
