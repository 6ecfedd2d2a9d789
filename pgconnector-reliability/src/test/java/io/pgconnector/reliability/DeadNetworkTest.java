package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.reliability.support.Await;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import io.pgconnector.reliability.support.TcpProxy;
import io.pgconnector.reliability.support.Timed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promise 2: a dead network. The client talks to the server through {@link TcpProxy}; a query is put in flight
 * (blocked on a lock the test holds, so that it is certainly on the wire and the server's answer certainly comes
 * later), the proxy turns into a black hole, the lock is released so that the server answers at once, and the answer
 * is lost: the call must fail with a connection error at the socket timeout instead of hanging. While the path is
 * dead, a new call fails within the pool's connection timeout. After healing, the pool replaces the dead
 * connections and queries succeed again.
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(90)
class DeadNetworkTest {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofSeconds(2);

    @Test
    void aQueryInFlightFailsAtTheSocketTimeoutAndThePoolHealsAfterwards(EmbeddedPostgres server) throws Exception {
        PostgresDatabase db = Secrets.appDatabase(server, "dead_network");
        ExecutorService threads = Executors.newCachedThreadPool();
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port());
             PostgresClient client = Secrets.builder(db, ClientOptions.builder().socketTimeout(SOCKET_TIMEOUT)
                             .connectTimeout(Duration.ofSeconds(2)).loginTimeout(Duration.ofSeconds(3)).build())
                     .host(proxy.host()).port(proxy.port())
                     .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(2)
                             .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofSeconds(1)).build())
                     .build();
             Connection admin = db.dataSource().getConnection()) {
            client.execute(Sql.of("CREATE TABLE guarded(id int)"));
            client.execute(Sql.of("INSERT INTO guarded VALUES (1)"));

            // Control: the same blocked query, with a healthy path, answers as soon as the lock goes.
            Timed<Integer> control = blockedQuery(threads, client, admin, false, proxy);
            assertThat(control.succeeded()).as("control run: %s", control.error()).isTrue();
            assertThat(control.value()).isEqualTo(1);

            int acceptedBefore = proxy.accepted();
            Timed<Integer> inFlight = blockedQuery(threads, client, admin, true, proxy);
            assertThat(inFlight.error()).isInstanceOfSatisfying(PostgresException.class, e -> {
                assertThat(e.isConnectionError()).as("connection error: %s (%s)", e, e.sqlState()).isTrue();
                Secrets.assertNotIn(e);
            });
            assertThat(inFlight.elapsed()).as("time until the in-flight query failed")
                    .isGreaterThanOrEqualTo(SOCKET_TIMEOUT.minusMillis(100))
                    .isLessThanOrEqualTo(SOCKET_TIMEOUT.plus(SLACK));
            System.out.printf("[figures] query in flight on a dead path failed after %d ms (socket timeout %d ms): %s%n",
                    inFlight.elapsed().toMillis(), SOCKET_TIMEOUT.toMillis(), inFlight.error());

            // Still dead: a new call cannot get a working connection and says so within the connection timeout.
            Timed<Integer> whileDead = Timed.run(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class));
            assertThat(whileDead.error()).isInstanceOfSatisfying(PostgresException.class, e -> {
                assertThat(e.isConnectionError()).as("connection error: %s (%s)", e, e.sqlState()).isTrue();
                Secrets.assertNotIn(e);
            });
            assertThat(whileDead.elapsed()).isLessThanOrEqualTo(CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT).plus(SLACK));
            System.out.printf("[figures] new call on a dead path failed after %d ms: %s%n",
                    whileDead.elapsed().toMillis(), whileDead.error());
            assertThat(proxy.dropped()).isPositive();

            proxy.heal();
            AtomicInteger attempts = new AtomicInteger();
            Duration recovery = Await.until(Duration.ofSeconds(15), "a query succeeds after healing", () -> {
                attempts.incrementAndGet();
                return Timed.run(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class)).succeeded();
            });
            System.out.printf("[figures] first success %d ms after healing (%d attempts)%n", recovery.toMillis(),
                    attempts.get());
            for (int i = 0; i < 20; i++) {
                assertThat(client.queryRow(Sql.of("SELECT count(*)::int FROM guarded"), Integer.class)).isEqualTo(1);
            }
            assertThat(proxy.accepted()).as("the pool opened new connections").isGreaterThan(acceptedBefore);
            Await.until(Duration.ofSeconds(5), "no connection is in use", () -> client.poolStats().active() == 0);
            Secrets.assertNotInToString(client);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Locks the table from the admin connection, starts a query that waits for the lock, waits until the server shows
     * it waiting, optionally black-holes the proxy, then releases the lock, and returns the query's outcome.
     */
    private static Timed<Integer> blockedQuery(ExecutorService threads, PostgresClient client, Connection admin,
            boolean blackHole, TcpProxy proxy) throws Exception {
        admin.setAutoCommit(false);
        try (Statement s = admin.createStatement()) {
            s.execute("LOCK TABLE guarded IN ACCESS EXCLUSIVE MODE");
            Future<Timed<Integer>> call = threads.submit(() -> Timed.run(
                    () -> client.queryRow(Sql.of("SELECT count(*)::int FROM guarded"), Integer.class)));
            Await.until(Duration.ofSeconds(10), "the query waits for the lock on the server", () -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                        + Secrets.ROLE + "' AND wait_event_type = 'Lock'")) {
                    return rs.next() && rs.getInt(1) == 1;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (blackHole) {
                proxy.blackHole();
            }
            admin.commit();
            return call.get(SOCKET_TIMEOUT.plus(SLACK).toSeconds() + 10, TimeUnit.SECONDS);
        } finally {
            admin.rollback();
            admin.setAutoCommit(true);
        }
    }
}
