package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.PoolExhaustedException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.reliability.support.Await;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import io.pgconnector.reliability.support.Timed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promise 3: more concurrent borrowers than connections. Two connections are held (one by an open query stream, one
 * by a running transaction); four more threads call every verb and each gets {@link PoolExhaustedException} within
 * the connection timeout; when the holders finish, all six threads work again and the pool is idle.
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(60)
class PoolExhaustionTest {
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(1500);
    /** Generous slack over the connection timeout for a loaded 2-core CI machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @Test
    void extraBorrowersGetPoolExhaustedWithinTheConnectionTimeoutAndEverythingRecovers(EmbeddedPostgres server)
            throws Exception {
        PostgresDatabase db = Secrets.appDatabase(server, "pool_exhaustion");
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (PostgresClient client = Secrets.builder(db, ClientOptions.builder()
                        .socketTimeout(Duration.ofSeconds(10)).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(2)
                        .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofMillis(500)).build())
                .build()) {
            client.execute(Sql.of("CREATE TABLE items(id int PRIMARY KEY)"));
            CountDownLatch held = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);

            Future<Long> streamHolder = threads.submit(() -> {
                try (Stream<Integer> s = client.query(Sql.of("SELECT g FROM generate_series(1, 5000) g"),
                        Integer.class)) {
                    Iterator<Integer> it = s.iterator();
                    long n = 0;
                    it.next();
                    n++;
                    held.countDown();
                    release.await();
                    while (it.hasNext()) {
                        it.next();
                        n++;
                    }
                    return n;
                }
            });
            Future<Integer> transactionHolder = threads.submit(() -> client.transaction(tx -> {
                tx.execute(Sql.of("INSERT INTO items VALUES (?)", 1));
                held.countDown();
                release.await();
                return tx.queryRow(Sql.of("SELECT count(*)::int FROM items"), Integer.class);
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).as("both holders have their connection").isTrue();
            assertThat(client.poolStats().active()).isEqualTo(2);

            List<Callable<Object>> verbs = List.of(
                    () -> client.queryRow(Sql.of("SELECT 1"), Integer.class),
                    () -> client.execute(Sql.of("INSERT INTO items VALUES (?)", 2)),
                    () -> {
                        try (Stream<Integer> s = client.query(Sql.of("SELECT 1"), Integer.class)) {
                            return s.count();
                        }
                    },
                    () -> client.transaction(tx -> tx.execute(Sql.of("INSERT INTO items VALUES (?)", 3))));
            List<Future<Timed<Object>>> borrowers = new ArrayList<>();
            for (Callable<Object> verb : verbs) {
                borrowers.add(threads.submit(() -> Timed.run(verb)));
            }
            AtomicInteger maxWaiting = new AtomicInteger();
            Await.until(CONNECTION_TIMEOUT.plus(SLACK), "the pool counts four waiting callers", () -> {
                maxWaiting.accumulateAndGet(client.poolStats().waiting(), Math::max);
                return maxWaiting.get() == 4;
            });

            for (Future<Timed<Object>> f : borrowers) {
                Timed<Object> outcome = f.get(CONNECTION_TIMEOUT.plus(SLACK).toMillis() * 2, TimeUnit.MILLISECONDS);
                assertThat(outcome.error()).isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
                    assertThat(e.isConnectionError()).isTrue();
                    assertThat(e.sqlState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains("maxOpenConnections").contains("active=2");
                    Secrets.assertNotIn(e);
                });
                assertThat(outcome.elapsed()).as("time to PoolExhaustedException")
                        .isGreaterThanOrEqualTo(CONNECTION_TIMEOUT.minusMillis(50))
                        .isLessThanOrEqualTo(CONNECTION_TIMEOUT.plus(SLACK));
                System.out.printf("[figures] pool exhausted after %d ms (connection timeout %d ms)%n",
                        outcome.elapsed().toMillis(), CONNECTION_TIMEOUT.toMillis());
            }
            release.countDown();
            assertThat(streamHolder.get(10, TimeUnit.SECONDS)).isEqualTo(5000);
            assertThat(transactionHolder.get(10, TimeUnit.SECONDS)).isEqualTo(1);

            List<Future<Integer>> after = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int id = 100 + t;
                after.add(threads.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 20; i++) {
                        ok += client.queryRow(Sql.of("SELECT 1"), Integer.class);
                    }
                    client.execute(Sql.of("INSERT INTO items VALUES (?)", id));
                    return ok;
                }));
            }
            for (Future<Integer> f : after) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(20);
            }
            assertThat(client.queryRow(Sql.of("SELECT count(*)::int FROM items"), Integer.class)).isEqualTo(7);
            Await.until(Duration.ofSeconds(5), "no connection is in use", () -> client.poolStats().active() == 0);
            assertThat(client.poolStats().total()).isLessThanOrEqualTo(2);
            Secrets.assertNotInToString(client);
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
