package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.PoolExhaustedException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.reliability.support.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After an outage longer than HikariCP's 5 s backoff cap, the pool is usable again within a second of the server's
 * return (issue #21, item 10): the pool's connection attempts probe the server every 200 ms instead of backing off.
 * The one long test of #21: a 10 s outage. It starts its own server (the shared one must never be stopped).
 */
@Timeout(90)
class LongOutageRecoveryTest {
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(1);

    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgres.builder().logicalReplication(false).start();
    }

    @AfterAll
    static void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void poolRecoversWithinASecondOfTheServersReturnAfterATenSecondOutage() throws Exception {
        try (PostgresClient client = PostgresClient.builder().host(server.host()).port(server.port())
                .username(server.username()).password(server.password()).database("postgres")
                .options(ClientOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(2)).build())
                .build()) {
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isOne();
            server.stop();
            long down = System.nanoTime();
            // Calls during the outage fail as connection errors naming the cause, not as an exhausted pool (the
            // first may still meet the connection the server just closed).
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class))
                    .isInstanceOf(ConnectionException.class).isNotInstanceOf(PoolExhaustedException.class);
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class))
                    .isInstanceOf(ConnectionException.class).isNotInstanceOf(PoolExhaustedException.class)
                    .hasMessageContaining("cannot be reached");
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
            server.start();
            Duration recovery = Await.until(Duration.ofSeconds(10), "a query succeeds after the restart", () -> {
                try {
                    return client.queryRow(Sql.of("SELECT 1"), Integer.class) == 1;
                } catch (ConnectionException e) {
                    return false;
                }
            });
            System.out.println("recovered " + recovery.toMillis() + " ms after the server was back (10 s outage)");
            assertThat(recovery).isLessThanOrEqualTo(RECOVERY_LIMIT);
        }
    }
}
