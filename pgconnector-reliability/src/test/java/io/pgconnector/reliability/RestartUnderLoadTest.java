package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.reliability.support.Await;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promise 1: a database restart under load. Four threads insert and read for {@code reliability.load.seconds}
 * (30 by default) while the server is stopped and started twice. Every call returns or throws within a bound set by
 * the configured timeouts; every failure is a {@link PostgresException} that says it is a connection error; within
 * 5 s of the server being back every thread succeeds again, and later calls do not fail; no connection stays in use;
 * and every insert the client acknowledged is in the table.
 *
 * <p>This class starts its own server (the shared one of {@code @WithPostgres} must never be restarted).
 */
@ExtendWith(SecretWatch.class)
@Timeout(180)
class RestartUnderLoadTest {
    private static final int THREADS = 4;
    private static final Duration LOAD = Duration.ofSeconds(Long.getLong("reliability.load.seconds", 30));
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(5);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    /** The longest any call may take: a pool wait plus a few round trips each bounded by the socket timeout. */
    private static final Duration CALL_BOUND = CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT.multipliedBy(2))
            .plusSeconds(2);

    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    /** One outage: when the server went down, when it was back, and each thread's first success afterwards. */
    static final class Outage {
        final long stoppedAt;
        volatile long backAt;
        final Map<Integer, Long> recoveryNanos = new ConcurrentHashMap<>();
        final AtomicLong failures = new AtomicLong();

        Outage(long stoppedAt) {
            this.stoppedAt = stoppedAt;
        }
    }

    private volatile Outage current;
    private final List<Outage> outages = new ArrayList<>();
    private final Queue unexpected = new Queue();
    private final Queue slowCalls = new Queue();
    private final Queue lateFailures = new Queue();
    private final Queue inconsistencies = new Queue();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong maxCallNanos = new AtomicLong();
    private volatile boolean running = true;

    /** A bounded queue of problem descriptions. */
    static final class Queue {
        final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();
        final AtomicLong count = new AtomicLong();

        void add(String s) {
            if (count.incrementAndGet() <= 20) {
                items.add(s);
            }
        }
    }

    @Test
    void fourThreadsKeepWorkingThroughTwoRestartsAndNoAcknowledgedInsertIsLost() throws Exception {
        PostgresDatabase db = Secrets.appDatabase(server, "restart_load");
        ClientOptions options = ClientOptions.builder().connectTimeout(CONNECT_TIMEOUT)
                .loginTimeout(Duration.ofSeconds(3)).socketTimeout(SOCKET_TIMEOUT).build();
        PoolOptions pool = PoolOptions.builder().maxOpenConnections(6).minIdleConnections(4)
                .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofSeconds(1)).build();
        Worker[] workers = new Worker[THREADS];
        try (PostgresClient client = Secrets.builder(db, options).pool(pool).build()) {
            client.execute(Sql.of("CREATE TABLE load_rows(worker int, seq int, payload text, PRIMARY KEY (worker, seq))"));
            Thread[] threads = new Thread[THREADS];
            for (int i = 0; i < THREADS; i++) {
                workers[i] = new Worker(i, client);
                threads[i] = new Thread(workers[i], "load-" + i);
            }
            long start = System.nanoTime();
            for (Thread t : threads) {
                t.start();
            }
            // Two outages, at a quarter and at 60 % of the run; the sleeps define the load's schedule.
            for (double at : new double[] {0.25, 0.6}) {
                sleepUntil(start + (long) (LOAD.toNanos() * at));
                Outage outage = new Outage(System.nanoTime());
                outages.add(outage);
                current = outage;
                server.stop();
                Thread.sleep(OUTAGE.toMillis());
                server.start();
                outage.backAt = System.nanoTime();
                Await.until(RECOVERY_LIMIT.plusSeconds(10), "every thread succeeds after the restart",
                        () -> outage.recoveryNanos.size() == THREADS);
            }
            sleepUntil(start + LOAD.toNanos());
            running = false;
            for (Thread t : threads) {
                t.join(CALL_BOUND.toMillis() + 5000);
                assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            Await.until(Duration.ofSeconds(5), "no connection is in use", () -> client.poolStats().active() == 0);
            Set<Long> stored;
            try (Stream<Map<String, Object>> rows = client.query(Sql.of("SELECT worker, seq FROM load_rows"))) {
                stored = rows.map(r -> key((Integer) r.get("worker"), (Integer) r.get("seq")))
                        .collect(Collectors.toCollection(HashSet::new));
            }
            Set<Long> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            Secrets.assertNotInToString(client);

            long totalOps = 0;
            StringBuilder report = new StringBuilder();
            for (Worker w : workers) {
                totalOps += w.ops;
                report.append(String.format("[figures] thread %d: %d ops (%d ok, %d failed), %.0f ops/s%n", w.id,
                        w.ops, w.ok, w.failed, w.ops / seconds));
            }
            report.append(String.format("[figures] load: %d threads, %.1f s, %d ops, %.0f ops/s, %d acknowledged "
                            + "inserts, %d rows stored, %d acknowledged rows lost, longest call %d ms (bound %d ms)%n",
                    THREADS, seconds, totalOps, totalOps / seconds, acknowledged.size(), stored.size(), lost.size(),
                    maxCallNanos.get() / 1_000_000, CALL_BOUND.toMillis()));
            for (int i = 0; i < outages.size(); i++) {
                Outage o = outages.get(i);
                long worst = o.recoveryNanos.values().stream().mapToLong(Long::longValue).max().orElse(-1);
                report.append(String.format("[figures] outage %d: down %d ms, %d failed calls, every thread "
                                + "succeeded again %d ms after the server was back (per thread: %s)%n", i + 1,
                        (o.backAt - o.stoppedAt) / 1_000_000, o.failures.get(), worst / 1_000_000,
                        o.recoveryNanos.values().stream().map(n -> n / 1_000_000 + " ms").collect(Collectors.toList())));
            }
            System.out.print(report);

            assertThat(unexpected.items).as("failures that are not connection errors (%d)", unexpected.count.get())
                    .isEmpty();
            assertThat(slowCalls.items).as("calls slower than %s (%d)", CALL_BOUND, slowCalls.count.get()).isEmpty();
            assertThat(inconsistencies.items).as("reads that missed acknowledged rows").isEmpty();
            assertThat(lateFailures.items).as("failures more than %s after the server was back", RECOVERY_LIMIT)
                    .isEmpty();
            for (Outage o : outages) {
                assertThat(o.recoveryNanos).hasSize(THREADS);
                assertThat(o.recoveryNanos.values()).allSatisfy(n ->
                        assertThat(Duration.ofNanos(n)).isLessThanOrEqualTo(RECOVERY_LIMIT));
                assertThat(o.failures.get()).as("the outage was felt").isPositive();
            }
            for (Worker w : workers) {
                assertThat(w.ok).as("thread %d did work", w.id).isGreaterThan(100);
            }
            assertThat(lost).as("acknowledged inserts missing from the table").isEmpty();
        }
        // A closed connection's backend leaves pg_stat_activity a moment after the client hung up: await it.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            Await.until(Duration.ofSeconds(10), "no server session of the client is left after close", () -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'")) {
                    rs.next();
                    return rs.getInt(1) == 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static long key(int worker, int seq) {
        return ((long) worker << 32) | seq;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Inserts (alone and in transactions) and reads (single rows and streams) in a loop. */
    final class Worker implements Runnable {
        final int id;
        final PostgresClient client;
        final String payload;
        int seq;
        long ops;
        long ok;
        long failed;
        long acknowledgedHere;

        Worker(int id, PostgresClient client) {
            this.id = id;
            this.client = client;
            this.payload = ("worker " + id + " ").repeat(10);
        }

        @Override
        public void run() {
            while (running) {
                int op = (int) (ops % 4);
                long started = System.nanoTime();
                try {
                    switch (op) {
                        case 0 -> insert();
                        case 1 -> countOwnRows();
                        case 2 -> insertTwoInATransaction();
                        default -> streamRecentRows();
                    }
                    succeeded(started);
                } catch (Throwable t) {
                    failed(started, t);
                }
                ops++;
            }
        }

        private void insert() {
            int s = seq++;
            ExecutionResult r = client.execute(Sql.of("INSERT INTO load_rows VALUES (?, ?, ?)", id, s, payload));
            if (r.affectedRowCount() != 1) {
                inconsistencies.add("insert " + id + "/" + s + " affected " + r.affectedRowCount());
            }
            acknowledge(s);
        }

        private void insertTwoInATransaction() {
            int s = seq;
            seq += 2;
            client.transaction(tx -> {
                tx.execute(Sql.of("INSERT INTO load_rows VALUES (?, ?, ?)", id, s, payload));
                tx.execute(Sql.of("INSERT INTO load_rows VALUES (?, ?, ?)", id, s + 1, payload));
                return null;
            });
            acknowledge(s);
            acknowledge(s + 1);
        }

        private void countOwnRows() {
            long known = acknowledgedHere;
            long n = client.queryRow(Sql.of("SELECT count(*) FROM load_rows WHERE worker = ?", id), Long.class);
            if (n < known) {
                inconsistencies.add("thread " + id + " counted " + n + " rows after " + known + " acknowledged");
            }
        }

        private void streamRecentRows() {
            try (Stream<Integer> rows = client.query(Sql.of(
                    "SELECT seq FROM load_rows WHERE worker = ? ORDER BY seq DESC LIMIT 20", id), Integer.class)) {
                rows.forEach(s -> { });
            }
        }

        private void acknowledge(int s) {
            acknowledged.add(key(id, s));
            acknowledgedHere++;
        }

        private void succeeded(long started) {
            long end = System.nanoTime();
            ok++;
            checkDuration(started, end);
            Outage o = current;
            if (o != null && o.backAt != 0 && end > o.backAt) {
                o.recoveryNanos.putIfAbsent(id, end - o.backAt);
            }
        }

        private void failed(long started, Throwable t) {
            long end = System.nanoTime();
            failed++;
            checkDuration(started, end);
            Secrets.assertNotIn(t);
            if (!(t instanceof PostgresException) || !((PostgresException) t).isConnectionError()) {
                unexpected.add(t + (t instanceof PostgresException
                        ? " (SQLSTATE " + ((PostgresException) t).sqlState() + ")" : ""));
            }
            Outage o = current;
            // A call still in flight when the server stops may fail, however early it started (a loaded machine
            // can make any call slow); only a failure that ended before the stop happened with the server up.
            if (o == null || end < o.stoppedAt) {
                lateFailures.add("thread " + id + " failed with the server up: " + t);
            } else {
                o.failures.incrementAndGet();
                if (o.backAt != 0 && started > o.backAt + RECOVERY_LIMIT.toNanos()) {
                    lateFailures.add("thread " + id + " failed " + (started - o.backAt) / 1_000_000
                            + " ms after the server was back: " + t);
                }
            }
        }

        private void checkDuration(long started, long end) {
            long took = end - started;
            maxCallNanos.accumulateAndGet(took, Math::max);
            if (took > CALL_BOUND.toNanos()) {
                slowCalls.add("thread " + id + ": a call took " + took / 1_000_000 + " ms");
            }
        }
    }
}
