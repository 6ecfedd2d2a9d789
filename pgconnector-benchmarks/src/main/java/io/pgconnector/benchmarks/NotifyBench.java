package io.pgconnector.benchmarks;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.notify.NotificationListener;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code NotificationListener} (reader thread, bounded queue, handler thread) against the bare pgjdbc loop a user would
 * write: a thread that LISTENs and calls {@code getNotifications(0)}. Both receive from the same sender connection on
 * channels of their own. Throughput: N notifications sent 1,000 per statement ({@code pg_notify} over
 * {@code generate_series}), timed from the first send to the N-th delivery. Latency: single autocommit
 * {@code pg_notify} statements, one at a time, from just before the statement is sent to the handler.
 */
final class NotifyBench {
    private static final int PER_STATEMENT = 1_000;
    private static final String SEND_MANY = "SELECT count(pg_notify(?, g::text)) FROM generate_series(1, ?) g";
    private static final String SEND_ONE = "SELECT pg_notify(?, 'x')";

    /** Counts arrivals; the sender waits on it. */
    private static final class Sink {
        final AtomicInteger count = new AtomicInteger();
        final Semaphore arrived = new Semaphore(0);
        volatile long lastArrival;

        void arrived() {
            count.incrementAndGet();
            lastArrival = System.nanoTime();
            arrived.release();
        }

        void await(int permits, String what) throws InterruptedException {
            if (!arrived.tryAcquire(permits, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Not all notifications arrived within 120 s: " + what + ", got "
                        + count.get());
            }
        }
    }

    private NotifyBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        int n = mode == Bench.Mode.FULL ? 200_000 : 50_000;
        int latencyCount = mode == Bench.Mode.FULL ? 1_000 : 300;
        System.out.printf(Locale.ROOT, "%n== notify: %d notifications sent %d per statement; %d single notifications "
                + "for latency; NotificationListener vs a bare pgjdbc getNotifications(0) loop%n", n, PER_STATEMENT,
                latencyCount);
        Sink lib = new Sink();
        Sink bare = new Sink();
        try (Connection sender = Db.jdbc(server);
             PreparedStatement many = sender.prepareStatement(SEND_MANY);
             PreparedStatement one = sender.prepareStatement(SEND_ONE);
             NotificationListener listener = NotificationListener.builder(Db.settings(server)).build();
             Connection bareConnection = Db.jdbc(server)) {
            listener.listen("bench_lib", x -> lib.arrived());
            Thread bareReader = startBareReader(bareConnection, bare);
            try {
                double[] tp = Harness.compare(mode.rounds, "ev/s",
                        "NotificationListener, handler thread", (Harness.Contender) () -> throughput(many, "bench_lib",
                                n, lib),
                        "bare pgjdbc getNotifications(0) loop", (Harness.Contender) () -> throughput(many, "bench_raw",
                                n, bare));
                Harness.result("notify.throughput", tp[0], "ev/s", tp[1]);
                List<Double> libP99 = new ArrayList<>();
                List<Double> bareP99 = new ArrayList<>();
                double[] p50 = Harness.compare(mode.rounds, "ms",
                        "NotificationListener p50, commit to handler", (Harness.Contender) () -> latency(one,
                                "bench_lib", latencyCount, lib, libP99),
                        "bare pgjdbc loop p50", (Harness.Contender) () -> latency(one, "bench_raw", latencyCount, bare,
                                bareP99));
                Harness.result("notify.latency_p50", p50[0], "ms", p50[1]);
                // The first figure of each list is the unmeasured warm-up round.
                Harness.result("notify.latency_p99", median(libP99), "ms", median(bareP99));
                System.out.printf(Locale.ROOT, "  server queue usage after the runs: %.6f%n",
                        listener.serverQueueUsage());
            } finally {
                bareReader.interrupt();
                one.setString(1, "bench_raw");
                one.executeQuery().close(); // wakes the bare reader so it sees the interrupt
                bareReader.join(10_000);
            }
        }
    }

    private static Thread startBareReader(Connection c, Sink sink) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN bench_raw");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    PGNotification[] batch = pg.getNotifications(0);
                    if (batch != null) {
                        for (int i = 0; i < batch.length; i++) {
                            sink.arrived();
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "bare-notify-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double throughput(PreparedStatement many, String channel, int n, Sink sink) throws Exception {
        long start = System.nanoTime();
        many.setString(1, channel);
        many.setInt(2, PER_STATEMENT);
        for (int sent = 0; sent < n; sent += PER_STATEMENT) {
            try (ResultSet rs = many.executeQuery()) {
                rs.next();
            }
        }
        sink.await(n, channel);
        return n / ((sink.lastArrival - start) / 1e9);
    }

    private static double latency(PreparedStatement one, String channel, int count, Sink sink, List<Double> p99s)
            throws Exception {
        double[] ms = new double[count];
        one.setString(1, channel);
        for (int i = 0; i < count; i++) {
            long sent = System.nanoTime();
            one.executeQuery().close();
            sink.await(1, channel);
            ms[i] = (sink.lastArrival - sent) / 1e6;
        }
        Arrays.sort(ms);
        p99s.add(ms[(int) Math.ceil(count * 0.99) - 1]);
        return ms[count / 2];
    }

    private static double median(List<Double> withWarmUp) {
        return Harness.median(withWarmUp.subList(1, withWarmUp.size()).stream().mapToDouble(Double::doubleValue)
                .toArray());
    }
}
