package io.pgconnector.benchmarks;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.cdc.PublicationAutoCreateMode;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.cdc.internal.DebeziumProperties;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.types.Jsonb;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * CDC: a {@link CdcListener} delivering rows to a typed {@link CdcService} vs a bare Debezium engine whose
 * {@code ChangeConsumer} reads each record's id and commits it. Both run the same connector with the same settings
 * (see {@link #bareProperties}), each run on a fresh slot and publication that are dropped afterwards.
 *
 * <p>One run of a contender measures both figures on one engine start: events/s while N rows stream in (inserted by
 * COPY in transactions of 1,000 rows as fast as the server takes them, timed from the first COPY to the N-th
 * callback), then commit-to-callback latency of single-row inserts 5 ms apart.
 */
final class CdcBench {
    private static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final int COPY_BATCH = 1_000;
    private static final long PAUSE_MS = 5;
    private static final long WAIT_SECONDS = 180;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static int runs;

    /** The typed row: bigint, text, numeric, timestamptz, jsonb. */
    public record Row(long id, String name, BigDecimal amount, OffsetDateTime at, Jsonb doc) {
    }

    private CdcBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        int rows = mode.cdcRows;
        int latencyRows = mode == Bench.Mode.FULL ? 500 : 200;
        System.out.printf("%n== cdc: %,d streamed inserts (bigint, text, numeric, timestamptz, jsonb), then %d single "
                + "inserts %d ms apart for latency; typed CdcService vs bare Debezium ChangeConsumer%n", rows,
                latencyRows, PAUSE_MS);
        try (Connection sql = Db.jdbc(server)) {
            try (Statement st = sql.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_cdc");
                st.execute("CREATE TABLE bench_cdc (id bigint PRIMARY KEY, name text, amount numeric(14,2), "
                        + "at timestamptz, doc jsonb)");
            }
            Map<String, List<double[]>> extra = new LinkedHashMap<>();
            Harness.Contender typed = () -> once(server, sql, rows, latencyRows, true, extra);
            Harness.Contender bare = () -> once(server, sql, rows, latencyRows, false, extra);
            // Debezium's code keeps getting faster for the first ~100,000 events (JIT): a long warm-up run of each
            // before the harness's own; then five measured rounds even in quick mode, since on two shared cores
            // single runs vary by 2x and only the medians are worth reading.
            int warmUpRows = Math.max(rows, 100_000);
            once(server, sql, warmUpRows, latencyRows, true, extra);
            once(server, sql, warmUpRows, latencyRows, false, extra);
            extra.clear();
            double[] m = Harness.compare(Math.max(5, mode.rounds), "ev/s",
                    "typed CdcService (CdcListener)", typed,
                    "bare Debezium engine ChangeConsumer", bare);
            double[] typedExtra = medians("typed CdcService", extra.get("typed"));
            double[] bareExtra = medians("bare Debezium engine", extra.get("bare"));
            Harness.result("cdc.typed_vs_bare_debezium", m[0], "ev/s", m[1]);
            Harness.result("cdc.latency_p50_vs_bare_debezium", typedExtra[0], "ms", bareExtra[0]);
            Harness.result("cdc.latency_p99_vs_bare_debezium", typedExtra[1], "ms", bareExtra[1]);
            // CPU time of the thread that runs the consumer, per streamed event (the engine's batch handling plus
            // the typed decoding, or plus reading the id): unlike events/s it does not count waiting for a core,
            // so it shows what typed delivery costs even on a noisy machine.
            Harness.result("cdc.delivery_cpu_per_event_vs_bare_debezium", typedExtra[2], "us", bareExtra[2]);
            parallel(server, sql, mode);
            try (Statement st = sql.createStatement()) {
                st.execute("DROP TABLE bench_cdc");
            }
        }
    }

    // ---- parallel delivery: 4 delivery threads vs 1, with a callback that waits 1 ms (a stand-in for I/O)

    private static void parallel(EmbeddedPostgres server, Connection sql, Bench.Mode mode) throws Exception {
        int rows = mode == Bench.Mode.FULL ? 10_000 : 3_000;
        System.out.printf("%n== cdc parallel: %,d streamed inserts (one row each), callback sleeps 1 ms; "
                + "deliveryThreads(4) vs deliveryThreads(1)%n", rows);
        double[] m = Harness.compare(3, "ev/s",
                "deliveryThreads(4)", (Harness.Contender) () -> parallelOnce(server, sql, rows, 4),
                "deliveryThreads(1)", (Harness.Contender) () -> parallelOnce(server, sql, rows, 1));
        Harness.result("cdc.parallel4_vs_serial", m[0], "ev/s", m[1]);
    }

    private static double parallelOnce(EmbeddedPostgres server, Connection sql, int rows, int threads)
            throws Exception {
        String slot = "bench_cdc_par" + threads + "_" + (++runs);
        try (Statement st = sql.createStatement()) {
            st.execute("TRUNCATE bench_cdc");
        }
        CountDownLatch delivered = new CountDownLatch(rows);
        long[] last = new long[1];
        CdcListener listener = CdcListener.builder()
                .host(server.host()).port(server.port()).database("postgres")
                .username(server.username()).password(server.password())
                .tls(TlsOptions.builder().mode(TlsMode.DISABLE).build())
                .slotName(slot).publicationName(slot)
                .publicationAutoCreateMode(PublicationAutoCreateMode.FILTERED)
                .snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.memory())
                .deliveryThreads(threads)
                .build();
        listener.attach(Row.class, new CdcService<Row>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (last) {
                    last[0] = System.nanoTime();
                }
                delivered.countDown();
            }
        }, "bench_cdc");
        listener.start();
        try {
            long start = System.nanoTime();
            copy(sql, rows);
            if (!delivered.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Timed out: " + delivered.getCount() + " events missing");
            }
            synchronized (last) {
                return rows / ((last[0] - start) / 1e9);
            }
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    /**
     * Medians over the measured rounds of latency p50, p99 and CPU µs per event; the first run of each contender is
     * the warm-up.
     */
    private static double[] medians(String name, List<double[]> perRun) {
        List<double[]> measured = perRun.subList(1, perRun.size());
        double[] p50 = measured.stream().mapToDouble(r -> r[0]).toArray();
        double[] p99 = measured.stream().mapToDouble(r -> r[1]).toArray();
        double[] cpu = measured.stream().mapToDouble(r -> r[2]).toArray();
        double[] bytes = measured.stream().mapToDouble(r -> r[3]).toArray();
        double[] medians = {Harness.median(p50), Harness.median(p99), Harness.median(cpu), Harness.median(bytes)};
        System.out.printf(Locale.ROOT, "  %-44s latency median p50 %.1f ms, p99 %.1f ms (rounds p50 %s, p99 %s); "
                + "delivery thread CPU %.2f us/event (rounds %s), allocates %.0f bytes/event%n", name, medians[0],
                medians[1], round(p50), round(p99), medians[2], round(cpu), medians[3]);
        return medians;
    }

    private static String round(double[] v) {
        return Arrays.toString(Arrays.stream(v).map(x -> Math.round(x * 10) / 10.0).toArray());
    }

    /** Receives inserted ids on the delivery thread and notes when each arrived. */
    private static final class Probe {
        final int rows;
        final long[] receivedAt;
        final CountDownLatch streamed;
        final CountDownLatch single;

        Probe(int rows, int latencyRows) {
            this.rows = rows;
            this.receivedAt = new long[rows + latencyRows];
            this.streamed = new CountDownLatch(rows);
            this.single = new CountDownLatch(latencyRows);
        }

        /** CPU time and allocated bytes of the delivery thread at the first and the last streamed event. */
        long firstCpu;
        long lastCpu;
        long firstBytes;
        long lastBytes;

        void received(long id) {
            receivedAt[(int) id] = System.nanoTime();
            if (id == 0) {
                firstCpu = THREADS.getCurrentThreadCpuTime();
                firstBytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            } else if (id == rows - 1) {
                lastCpu = THREADS.getCurrentThreadCpuTime();
                lastBytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            (id < rows ? streamed : single).countDown();
        }

        void await(CountDownLatch latch, String what) throws InterruptedException {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Timed out waiting for " + what + ": " + latch.getCount()
                        + " events missing");
            }
        }
    }

    /** A running consumer of the table's changes. */
    private interface Sink extends AutoCloseable {
        @Override
        void close() throws Exception;
    }

    private static double once(EmbeddedPostgres server, Connection sql, int rows, int latencyRows, boolean typed,
            Map<String, List<double[]>> extra) throws Exception {
        String slot = "bench_cdc_" + (typed ? "typed_" : "bare_") + (++runs);
        try (Statement st = sql.createStatement()) {
            st.execute("TRUNCATE bench_cdc"); // before the slot exists, so no consumer sees it
        }
        Probe probe = new Probe(rows, latencyRows);
        double perSecond;
        double cpuPerEvent;
        double bytesPerEvent;
        double[] latency = new double[latencyRows];
        try (Sink sink = typed ? typed(server, slot, probe) : bare(server, sql, slot, probe)) {
            long start = System.nanoTime();
            copy(sql, rows);
            probe.await(probe.streamed, rows + " streamed inserts");
            cpuPerEvent = (probe.lastCpu - probe.firstCpu) / 1e3 / (rows - 1);
            bytesPerEvent = (probe.lastBytes - probe.firstBytes) / (double) (rows - 1);
            long last = 0;
            for (int i = 0; i < rows; i++) {
                last = Math.max(last, probe.receivedAt[i]);
            }
            perSecond = rows / ((last - start) / 1e9);

            // Latency: the clock starts just before the autocommit INSERT is sent, so each figure is the time from
            // the client asking to commit to the callback: an upper bound on commit-to-callback that adds one local
            // round trip (~0.2 ms) for both contenders alike. The commit time in the event has only the server's
            // clock and microsecond resolution; System.nanoTime on both ends needs no clock agreement.
            long[] sentAt = new long[latencyRows];
            try (PreparedStatement ps = sql.prepareStatement(
                    "INSERT INTO bench_cdc VALUES (?, ?, ?, ?, ?::jsonb)")) {
                for (int i = 0; i < latencyRows; i++) {
                    long id = rows + i;
                    ps.setLong(1, id);
                    ps.setString(2, "name " + id);
                    ps.setBigDecimal(3, BigDecimal.valueOf(id, 2));
                    ps.setObject(4, BASE.plusSeconds(id));
                    ps.setString(5, doc(id));
                    sentAt[i] = System.nanoTime();
                    ps.executeUpdate();
                    Thread.sleep(PAUSE_MS);
                }
            }
            probe.await(probe.single, latencyRows + " single inserts");
            for (int i = 0; i < latencyRows; i++) {
                latency[i] = (probe.receivedAt[rows + i] - sentAt[i]) / 1e6;
            }
        }
        Arrays.sort(latency);
        extra.computeIfAbsent(typed ? "typed" : "bare", k -> new ArrayList<>())
                .add(new double[] {percentile(latency, 0.50), percentile(latency, 0.99), cpuPerEvent,
                    bytesPerEvent});
        return perSecond;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String doc(long id) {
        return "{\"id\": " + id + ", \"tags\": [\"a\", \"b\"], \"ok\": true}";
    }

    private static void copy(Connection c, int rows) throws Exception {
        StringBuilder sb = new StringBuilder(1 << 17);
        for (int from = 0; from < rows; from += COPY_BATCH) {
            sb.setLength(0);
            for (int i = from; i < Math.min(rows, from + COPY_BATCH); i++) {
                sb.append(i).append('\t').append("name ").append(i).append('\t').append(BigDecimal.valueOf(i, 2))
                        .append('\t').append(BASE.plusSeconds(i)).append('\t').append(doc(i)).append('\n');
            }
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_cdc (id, name, amount, at, doc) FROM STDIN");
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
        }
    }

    // ---- contender (a): pgconnector's typed listener

    /** The listener settings of both contenders: the bare engine runs on the properties this listener would use. */
    private static CdcListener listener(EmbeddedPostgres server, String slot) {
        return CdcListener.builder()
                .host(server.host()).port(server.port()).database("postgres")
                .username(server.username()).password(server.password())
                .tls(TlsOptions.builder().mode(TlsMode.DISABLE).build())
                .slotName(slot).publicationName(slot)
                .publicationAutoCreateMode(PublicationAutoCreateMode.FILTERED)
                .snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.memory())
                .build();
    }

    private static Sink typed(EmbeddedPostgres server, String slot, Probe probe) {
        CdcListener listener = listener(server, slot);
        listener.attach(Row.class, new CdcService<Row>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                probe.received(after.id());
            }
        }, "bench_cdc");
        listener.start();
        return () -> {
            listener.stop();
            listener.dropSlotAndPublication();
        };
    }

    // ---- contender (b): a bare Debezium engine with a ChangeConsumer

    /**
     * Exactly the connector properties pgconnector's listener runs with for the same table (poll interval, batch
     * and queue sizes, value encodings, publication, snapshot mode, memory offsets), so that the ratio is the cost of
     * the typed delivery alone.
     */
    static Properties bareProperties(EmbeddedPostgres server, String slot) {
        try (CdcListener settings = listener(server, slot)) {
            Properties p = DebeziumProperties.of(settings.config(), List.of("public.bench_cdc"), false);
            p.setProperty("name", "bare-" + slot);
            return p;
        }
    }

    private static Sink bare(EmbeddedPostgres server, Connection sql, String slot, Probe probe) throws Exception {
        Properties properties = bareProperties(server, slot);
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        String[] message = new String[1];
        boolean[] taskStarted = new boolean[1];
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                .create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .using((success, msg, error) -> {
                    message[0] = msg;
                    failure[0] = error;
                    done.countDown();
                })
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        synchronized (taskStarted) {
                            taskStarted[0] = true;
                        }
                    }
                })
                .notifying((records, committer) -> {
                    for (RecordChangeEvent<SourceRecord> event : records) {
                        if (event.record().value() instanceof Struct envelope && envelope.schema().field("op") != null
                                && "c".equals(envelope.getString("op"))) {
                            probe.received(envelope.getStruct("after").getInt64("id"));
                        }
                        committer.markProcessed(event);
                    }
                    committer.markBatchFinished();
                })
                .build();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.execute(engine);
        Sink sink = () -> {
            engine.close();
            executor.shutdown();
            done.await(30, TimeUnit.SECONDS);
            executor.awaitTermination(30, TimeUnit.SECONDS);
            dropSlot(sql, slot);
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (done.getCount() == 0) {
                executor.shutdown();
                throw new IllegalStateException("The bare Debezium engine stopped: " + message[0], failure[0]);
            }
            boolean started;
            synchronized (taskStarted) {
                started = taskStarted[0];
            }
            if (started && streaming(properties.getProperty("topic.prefix"))) {
                return sink;
            }
            if (System.nanoTime() > deadline) {
                sink.close();
                throw new IllegalStateException("The bare Debezium engine did not start streaming within 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** The same readiness signal the listener waits for: the streaming metrics say the connector is connected. */
    private static boolean streaming(String topicPrefix) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName n : mbs.queryNames(new ObjectName("debezium.postgres:type=connector-metrics,"
                + "context=streaming,server=" + topicPrefix + ",*"), null)) {
            if (Boolean.TRUE.equals(mbs.getAttribute(n, "Connected"))) {
                return true;
            }
        }
        return false;
    }

    private static void dropSlot(Connection sql, String slot) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (PreparedStatement active = sql.prepareStatement(
                "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            active.setString(1, slot);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = active.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
        }
        try (PreparedStatement drop = sql.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?");
                Statement st = sql.createStatement()) {
            drop.setString(1, slot);
            drop.execute();
            st.execute("DROP PUBLICATION IF EXISTS " + slot);
        }
    }
}
