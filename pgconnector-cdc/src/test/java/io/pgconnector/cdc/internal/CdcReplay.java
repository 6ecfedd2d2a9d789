package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.cdc.PublicationAutoCreateMode;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.mapping.internal.CodecRegistry;
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
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a replay harness for the CPU cost of typed CDC delivery (issue #15). Captures real change records of
 * the CDC benchmark's table from an embedded server, then feeds them again and again through the listener's
 * {@link Dispatcher} (as the listener builds it) and through the benchmark's bare consumer body, measuring the
 * thread CPU time per event of both, interleaved; prints the medians.
 *
 * <p>Run: {@code mvn -q -B -pl pgconnector-cdc -am test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=java -Dexec.args="-cp %classpath io.pgconnector.cdc.internal.CdcReplay [rounds] [profile]"}.
 * With {@code profile}, only the typed path runs (for a JFR recording).
 */
public final class CdcReplay {
    private static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final int ROWS = 5_000;
    private static final int BATCH = 2_048;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static volatile long sink;

    /** The benchmark's row. */
    public record Row(long id, String name, BigDecimal amount, OffsetDateTime at, Jsonb doc) {
    }

    private CdcReplay() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        boolean profile = args.length > 1 && args[1].equals("profile");
        List<RecordChangeEvent<SourceRecord>> records = capture();
        System.out.println("captured " + records.size() + " records");
        List<List<RecordChangeEvent<SourceRecord>>> batches = new ArrayList<>();
        for (int i = 0; i < records.size(); i += BATCH) {
            batches.add(records.subList(i, Math.min(records.size(), i + BATCH)));
        }
        Counters counters = new Counters();
        long[] seen = new long[1];
        Route<Row> route = new Route<>(Row.class, new CdcService<Row>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                seen[0] += after.id();
            }
        });
        Dispatcher dispatcher = new Dispatcher(Map.of("public.bench_cdc", route), null, Map.of(), null,
                RetryPolicy.none(), EventErrorMode.STOP, Set.of(), () -> false, e -> {
                    throw new IllegalStateException(e);
                }, counters, 1, "replay", List.of(), CodecRegistry.BUILT_IN);
        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer = new NoCommitter();
        long[] bareSeen = new long[1];
        DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> bare = bareConsumer(bareSeen);
        // Warm-up.
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(profile ? 2 : 8);
        for (int w = 0; w < 60 || System.nanoTime() < warmUntil; w++) {
            run(dispatcher, batches, committer);
            run(bare, batches, committer);
        }
        if (profile) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(rounds);
            long events = 0;
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            while (System.nanoTime() < until) {
                run(dispatcher, batches, committer);
                events += records.size();
            }
            System.out.printf("typed %.0f ns/event over %d events%n",
                    (THREADS.getCurrentThreadCpuTime() - cpu0) / (double) events, events);
            return;
        }
        int reps = 4;
        double[] typed = new double[rounds];
        double[] plain = new double[rounds];
        double[] typedBytes = new double[rounds];
        double[] plainBytes = new double[rounds];
        long tid = Thread.currentThread().getId();
        for (int r = 0; r < rounds; r++) {
            long b0 = THREADS.getThreadAllocatedBytes(tid);
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) {
                run(dispatcher, batches, committer);
            }
            long c1 = THREADS.getCurrentThreadCpuTime();
            long b1 = THREADS.getThreadAllocatedBytes(tid);
            for (int k = 0; k < reps; k++) {
                run(bare, batches, committer);
            }
            long c2 = THREADS.getCurrentThreadCpuTime();
            long b2 = THREADS.getThreadAllocatedBytes(tid);
            double n = (double) reps * records.size();
            typed[r] = (c1 - c0) / n;
            plain[r] = (c2 - c1) / n;
            typedBytes[r] = (b1 - b0) / n;
            plainBytes[r] = (b2 - b1) / n;
        }
        double t = median(typed);
        double p = median(plain);
        System.out.printf("typed %.0f ns/event (rounds %s), %.0f bytes/event%n", t, rounded(typed),
                median(typedBytes));
        System.out.printf("bare  %.0f ns/event (rounds %s), %.0f bytes/event%n", p, rounded(plain),
                median(plainBytes));
        System.out.printf("typed - bare = %.0f ns/event; typed/bare = %.2f; delivered %d%n", t - p, t / p,
                counters.delivered());
        double tq = quartile(typed);
        double pq = quartile(plain);
        System.out.printf("lower quartile: typed %.0f, bare %.0f, typed - bare = %.0f ns/event%n", tq, pq, tq - pq);
        sink = seen[0] + bareSeen[0];
    }

    /**
     * For an A/B driver that loads this class twice (two builds of the module, one JVM): captures records.
     *
     * @return the captured records
     * @throws Exception if capturing fails
     */
    public static List<RecordChangeEvent<SourceRecord>> captureRecords() throws Exception {
        return capture();
    }

    /**
     * For an A/B driver: returns a task that hands the records once through a typed dispatcher (when typed) or
     * through the bare consumer body.
     *
     * @param records the records
     * @param typed   typed or bare
     * @return the task
     */
    public static Runnable pass(List<RecordChangeEvent<SourceRecord>> records, boolean typed) {
        List<List<RecordChangeEvent<SourceRecord>>> batches = new ArrayList<>();
        for (int i = 0; i < records.size(); i += BATCH) {
            batches.add(records.subList(i, Math.min(records.size(), i + BATCH)));
        }
        long[] seen = new long[1];
        DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer;
        if (typed) {
            Route<Row> route = new Route<>(Row.class, new CdcService<Row>() {
                @Override
                public void onCreate(Row after, ChangeSource src) {
                    seen[0] += after.id();
                }
            });
            consumer = new Dispatcher(Map.of("public.bench_cdc", route), null, Map.of(), null,
                    RetryPolicy.none(), EventErrorMode.STOP, Set.of(), () -> false, e -> {
                        throw new IllegalStateException(e);
                    }, new Counters(), 1, "replay", List.of(), CodecRegistry.BUILT_IN);
        } else {
            consumer = bareConsumer(seen);
        }
        NoCommitter committer = new NoCommitter();
        return () -> {
            try {
                run(consumer, batches, committer);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sink += seen[0];
        };
    }

    private static void run(DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer,
            List<List<RecordChangeEvent<SourceRecord>>> batches,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        for (List<RecordChangeEvent<SourceRecord>> b : batches) {
            consumer.handleBatch(b, committer);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double quartile(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 4];
    }

    private static String rounded(double[] v) {
        return Arrays.toString(Arrays.stream(v).mapToLong(Math::round).toArray());
    }

    /** A committer that only counts (as cheap as one can be: the engine's real one costs both paths the same). */
    private static final class NoCommitter implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {
        long marked;

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) {
            marked++;
        }

        @Override
        public void markBatchFinished() {
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets sourceOffsets) {
            marked++;
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            return null;
        }
    }

    private static List<RecordChangeEvent<SourceRecord>> capture() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().logicalReplication(true).start()) {
            Properties jdbc = new Properties();
            jdbc.setProperty("user", server.username());
            jdbc.setProperty("password", server.password());
            try (Connection sql = DriverManager.getConnection(server.jdbcUrl("postgres"), jdbc)) {
                try (Statement st = sql.createStatement()) {
                    st.execute("CREATE TABLE bench_cdc (id bigint PRIMARY KEY, name text, amount numeric(14,2), "
                            + "at timestamptz, doc jsonb)");
                }
                String slot = "replay";
                Properties p;
                try (CdcListener settings = CdcListener.builder()
                        .host(server.host()).port(server.port()).database("postgres")
                        .username(server.username()).password(server.password())
                        .tls(TlsOptions.builder().mode(TlsMode.DISABLE).build())
                        .slotName(slot).publicationName(slot)
                        .publicationAutoCreateMode(PublicationAutoCreateMode.FILTERED)
                        .snapshotMode(SnapshotMode.NEVER)
                        .offsetStorage(OffsetStorage.memory())
                        .build()) {
                    p = DebeziumProperties.of(settings.config(), List.of("public.bench_cdc"), false);
                }
                p.setProperty("name", "replay");
                List<RecordChangeEvent<SourceRecord>> out = new ArrayList<>();
                CountDownLatch all = new CountDownLatch(ROWS);
                DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                        .create(ChangeEventFormat.of(Connect.class))
                        .using(p)
                        .notifying((records, committer) -> {
                            for (RecordChangeEvent<SourceRecord> event : records) {
                                if (event.record().value() instanceof Struct envelope
                                        && envelope.schema().field("op") != null
                                        && "c".equals(envelope.getString("op"))) {
                                    synchronized (out) {
                                        out.add(event);
                                    }
                                    all.countDown();
                                }
                                committer.markProcessed(event);
                            }
                            committer.markBatchFinished();
                        })
                        .build();
                ExecutorService executor = Executors.newSingleThreadExecutor();
                executor.execute(engine);
                try {
                    // Inserting until the first record arrives: the engine may start streaming late.
                    long id = 0;
                    while (all.getCount() == ROWS) {
                        copy(sql, id, 1);
                        id++;
                        Thread.sleep(200);
                    }
                    copy(sql, id, ROWS);
                    if (!all.await(120, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("missing " + all.getCount());
                    }
                } finally {
                    engine.close();
                    executor.shutdown();
                    executor.awaitTermination(30, TimeUnit.SECONDS);
                }
                synchronized (out) {
                    return new ArrayList<>(out.subList(0, ROWS));
                }
            }
        }
    }

    private static void copy(Connection c, long from, int rows) throws Exception {
        StringBuilder sb = new StringBuilder(1 << 17);
        for (long i = from; i < from + rows; i++) {
            sb.append(i).append('\t').append("name ").append(i).append('\t').append(BigDecimal.valueOf(i, 2))
                    .append('\t').append(BASE.plusSeconds(i)).append('\t')
                    .append("{\"id\": " + i + ", \"tags\": [\"a\", \"b\"], \"ok\": true}").append('\n');
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY bench_cdc (id, name, amount, at, doc) FROM STDIN");
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(b, 0, b.length);
        in.endCopy();
    }

    /** The bench's bare Debezium consumer body: reads one field of each create, adding it to {@code seen[0]}. */
    private static DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> bareConsumer(long[] seen) {
        return (rs, c) -> {
            for (RecordChangeEvent<SourceRecord> event : rs) {
                if (event.record().value() instanceof Struct envelope && envelope.schema().field("op") != null
                        && "c".equals(envelope.getString("op"))) {
                    seen[0] += envelope.getStruct("after").getInt64("id");
                }
                c.markProcessed(event);
            }
            c.markBatchFinished();
        };
    }
}
