package io.pgconnector.client;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many virtual threads share a small pool: a pool or driver that blocked while pinning its carrier thread (a
 * {@code synchronized} block around I/O) could stall all carriers and hang this test. Virtual threads need Java 21;
 * the build targets 17, so they are reached by reflection and the test is skipped on 17 to 20 (before a server
 * starts). {@code .ci/run} runs it on Java 25.
 */
@WithPostgres
@Timeout(120)
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21+; the build targets 17")
class VirtualThreadsTest {
    static final int THREADS = 1_000;
    static final int POOL = 10;

    @Test
    void aThousandVirtualThreadsShareAPoolOfTen(PostgresDatabase db) throws Exception {
        ThreadFactory virtual = virtualThreadFactory();
        try (PostgresClient client = TestClients.builder(db).pool(PoolOptions.builder().maxOpenConnections(POOL)
                .minIdleConnections(POOL).connectionTimeout(Duration.ofSeconds(60)).build()).build()) {
            client.execute(Sql.of("CREATE TABLE visits(thread int PRIMARY KEY, squared bigint)"));
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger maxTotal = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                Thread t = virtual.newThread(() -> {
                    try {
                        long squared = client.queryRow(Sql.of("SELECT ?::bigint * ?::bigint", n, n), Long.class);
                        client.transaction(tx -> tx.execute(Sql.of("INSERT INTO visits VALUES (?, ?)", n, squared)));
                        maxTotal.accumulateAndGet(client.poolStats().total(), Math::max);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(threads.get(0).getClass().getName()).contains("Virtual");
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM visits"), Long.class)).isEqualTo(THREADS);
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM visits WHERE squared = thread::bigint * thread"),
                    Long.class)).isEqualTo(THREADS);
            assertThat(maxTotal.get()).isLessThanOrEqualTo(POOL);
        }
    }

    private static ThreadFactory virtualThreadFactory() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Object named = Class.forName("java.lang.Thread$Builder").getMethod("name", String.class, long.class)
                .invoke(builder, "client-vt-", 0L);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(named);
    }
}
