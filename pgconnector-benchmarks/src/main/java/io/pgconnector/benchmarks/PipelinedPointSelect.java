package io.pgconnector.benchmarks;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.pipeline.PipelinedClient;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The pipelined engine against raw pgjdbc on the point select: 4 callers (each raw thread with its own connection,
 * the pipelined client with 4 connections), and 64 callers sharing 4 connections (raw pgjdbc: 64 threads taking turns
 * on a pool of 4 connections, each with a reused statement). Also the client CPU per query of the whole process,
 * since the pipelined engine's work runs on its event-loop threads.
 */
final class PipelinedPointSelect {
    /** The point select without its numeric column, which the pipelined engine leaves to the JDBC engine. */
    static final String SELECT = "SELECT id, name, created FROM bench_items WHERE id = ?";

    record Item(long id, String name, OffsetDateTime created) {
    }

    private PipelinedPointSelect() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        System.out.println("\n== point_select: pipelined engine vs raw pgjdbc");
        try (PostgresClient pipelined = PipelinedClient.open(Db.settings(server), 4)) {
            // Netty and the Vert.x client have much more code to compile than pgjdbc: warm them up beyond the
            // harness's one unmeasured round, so that the rounds measure the engines, not the JIT.
            PointSelectBench.measure(64, mode.millisPerRun * 3, t -> check(pipelined.queryRow(
                    Sql.of(SELECT, PointSelectBench.nextId()), Item.class)));
            for (int callers : new int[] {4, 64}) {
                BlockingQueue<PreparedStatement> pool = new ArrayBlockingQueue<>(4);
                List<Connection> connections = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Connection c = Db.jdbc(server);
                    connections.add(c);
                    pool.add(c.prepareStatement(SELECT));
                }
                long[] cpuPipelined = new long[2];
                long[] cpuRaw = new long[2];
                double[] m = Harness.compare(mode.rounds, "q/s",
                        "pipelined queryRow, " + callers + " callers, 4 conns",
                        (Harness.Contender) () -> processCpu(cpuPipelined, () -> PointSelectBench.measure(callers,
                                mode.millisPerRun, t -> check(pipelined.queryRow(
                                        Sql.of(SELECT, PointSelectBench.nextId()),
                                        Item.class)))),
                        "raw pgjdbc, " + callers + " threads, 4 conns",
                        (Harness.Contender) () -> processCpu(cpuRaw, () -> PointSelectBench.measure(callers,
                                mode.millisPerRun, t -> {
                                    PreparedStatement ps = pool.take();
                                    try {
                                        check(select(ps));
                                    } finally {
                                        pool.add(ps);
                                    }
                                })));
                if (callers == 4) {
                    Harness.result("point_select.pipelined_vs_jdbc", m[0], "q/s", m[1]);
                } else {
                    Harness.result("point_select.pipelined_64_callers_pool4_vs_jdbc_pool4", m[0], "q/s", m[1]);
                }
                System.out.printf(Locale.ROOT, "  client process CPU per query: pipelined %.2f us, raw pgjdbc %.2f us%n",
                        cpuPipelined[0] / 1e3 / Math.max(1, cpuPipelined[1]), cpuRaw[0] / 1e3 / Math.max(1, cpuRaw[1]));
                for (Connection c : connections) {
                    c.close();
                }
            }
        }
    }

    private static Item select(PreparedStatement ps) throws Exception {
        ps.setLong(1, PointSelectBench.nextId());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Item(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class));
        }
    }

    private static void check(Item item) {
        if (item == null || item.id() == 0 || item.created() == null) {
            throw new IllegalStateException();
        }
    }

    /** Runs a measurement and adds the JVM's CPU time and an estimate of the queries to {@code into}. */
    private static double processCpu(long[] into, Harness.Contender run) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        double rate = run.run();
        into[0] += os.getProcessCpuTime() - cpu0;
        into[1] += (long) (rate * (System.nanoTime() - t0) / 1e9);
        return rate;
    }
}
