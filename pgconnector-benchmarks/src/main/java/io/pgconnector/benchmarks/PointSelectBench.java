package io.pgconnector.benchmarks;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/** Point select by primary key into a record: {@code queryRow} through the pool vs raw pgjdbc, one reused statement. */
final class PointSelectBench {
    private static final int ROWS = 10_000;
    static final String SELECT = "SELECT id, name, price, created FROM bench_items WHERE id = ?";

    record Item(long id, String name, BigDecimal price, OffsetDateTime created) {
    }

    private PointSelectBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        System.out.println("\n== point_select: queryRow into a record vs raw pgjdbc with a reused PreparedStatement");
        createTable(server);
        for (int threads : new int[] {1, 4}) {
            compare(server, mode, threads);
        }
        everydayForms(server, mode);
        PipelinedPointSelect.run(server, mode);
        pipeliningHeadroom(server, mode);
    }

    /** Creates and fills {@code bench_items}. */
    static void createTable(EmbeddedPostgres server) {
        try (PostgresClient setup = Db.client(server, 1)) {
            setup.execute(Sql.of("DROP TABLE IF EXISTS bench_items"));
            setup.execute(Sql.of("CREATE TABLE bench_items (id bigint PRIMARY KEY, name text, price numeric(12,2), "
                    + "created timestamptz)"));
            setup.execute(Sql.of("INSERT INTO bench_items SELECT g, 'item ' || g, g * 1.25, now() - g * interval '1 "
                    + "minute' FROM generate_series(1, ?) g", ROWS));
            setup.execute(Sql.of("VACUUM ANALYZE bench_items"));
        }
    }

    private static void compare(EmbeddedPostgres server, Bench.Mode mode, int threads) throws Exception {
        try (PostgresClient client = Db.client(server, threads);
             PostgresClient noReuse = Db.settings(server)
                     .options(io.pgconnector.client.ClientOptions.builder().statementReuse(0).build())
                     .pool(io.pgconnector.client.PoolOptions.builder().maxOpenConnections(threads)
                             .minIdleConnections(threads).build()).build();
             com.zaxxer.hikari.HikariDataSource hikari = Db.hikari(server, threads)) {
            // The floor of any client that borrows from HikariCP per call: the borrow and return, then a statement
            // kept per physical connection (what queryRow does), nothing else.
            Map<Connection, PreparedStatement> kept = new java.util.concurrent.ConcurrentHashMap<>();
            List<Connection> connections = new ArrayList<>();
            List<PreparedStatement> statements = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Connection c = Db.jdbc(server);
                connections.add(c);
                statements.add(c.prepareStatement(SELECT));
            }
            CpuTime cpuClient = new CpuTime();
            CpuTime cpuRaw = new CpuTime();
            CpuTime cpuNoReuse = new CpuTime();
            CpuTime cpuHikari = new CpuTime();
            List<Object> contenders = new ArrayList<>(List.of(
                    "queryRow (pool, record), " + threads + " thread(s)",
                    (Harness.Contender) () -> measure(threads, mode.millisPerRun, cpuClient, t -> {
                        Item item = client.queryRow(Sql.of(SELECT, nextId()), Item.class);
                        if (item == null) {
                            throw new IllegalStateException();
                        }
                    }),
                    "raw pgjdbc PreparedStatement, " + threads + " thread(s)",
                    (Harness.Contender) () -> measure(threads, mode.millisPerRun, cpuRaw, t -> {
                        PreparedStatement ps = statements.get(t);
                        ps.setLong(1, nextId());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            Item item = new Item(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                                    rs.getObject(4, OffsetDateTime.class));
                            if (item.id() == 0) {
                                throw new IllegalStateException();
                            }
                        }
                    }),
                    "queryRow, statementReuse(0), " + threads + " thread(s)",
                    (Harness.Contender) () -> measure(threads, mode.millisPerRun, cpuNoReuse, t -> {
                        check(noReuse.queryRow(Sql.of(SELECT, nextId()), Item.class));
                    }),
                    "raw pgjdbc, HikariCP borrow per query, " + threads + " thread(s)",
                    (Harness.Contender) () -> measure(threads, mode.millisPerRun, cpuHikari, t -> {
                        try (Connection pooled = hikari.getConnection()) {
                            Connection physical = pooled.unwrap(Connection.class);
                            PreparedStatement ps = kept.get(physical);
                            if (ps == null) {
                                ps = physical.prepareStatement(SELECT);
                                kept.put(physical, ps);
                            }
                            ps.setLong(1, nextId());
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                check(new Item(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                                        rs.getObject(4, OffsetDateTime.class)));
                            }
                        }
                    })));
            boolean pgbench = threads > 1 && PgBench.available();
            if (pgbench) {
                contenders.add("pgbench -M prepared, " + threads + " client(s)");
                contenders.add((Harness.Contender) () -> PgBench.pointSelect(server, threads, mode.millisPerRun));
            }
            double[] m = Harness.compare(mode.rounds, "q/s", contenders.toArray());
            Harness.result("point_select.queryRow_vs_jdbc." + threads + "thread", m[0], "q/s", m[1]);
            Harness.result("point_select.reuse_vs_no_reuse." + threads + "thread", m[0], "q/s", m[2]);
            if (threads == 4) {
                Harness.result("point_select.queryRow_vs_jdbc", m[0], "q/s", m[1]);
                System.out.printf(java.util.Locale.ROOT, "  client CPU per query (thread CPU time): queryRow %.2f us, "
                        + "raw pgjdbc %.2f us, queryRow without statement reuse %.2f us, raw pgjdbc borrowing from "
                        + "HikariCP %.2f us%n", cpuClient.median() / 1e3, cpuRaw.median() / 1e3,
                        cpuNoReuse.median() / 1e3, cpuHikari.median() / 1e3);
                Harness.result("point_select.cpu_per_query_reuse_vs_no_reuse", cpuClient.median() / 1e3, "us",
                        cpuNoReuse.median() / 1e3);
                Harness.result("point_select.cpu_per_query_vs_jdbc", cpuClient.median() / 1e3, "us", cpuRaw.median()
                        / 1e3);
                Harness.result("point_select.cpu_per_query_vs_jdbc_hikari_borrow", cpuClient.median() / 1e3, "us",
                        cpuHikari.median() / 1e3);
                Harness.result("point_select.cpu_per_query_jdbc_hikari_borrow_vs_jdbc", cpuHikari.median() / 1e3,
                        "us", cpuRaw.median() / 1e3);
                if (pgbench) {
                    Harness.result("point_select.queryRow_vs_pgbench", m[0], "q/s", m[4]);
                    Harness.result("point_select.jdbc_vs_pgbench", m[1], "q/s", m[4]);
                }
            }
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** Collects the client CPU time per query of each run (the sum of the worker threads' CPU time). */
    static final class CpuTime {
        private final List<Double> perQuery = new java.util.concurrent.CopyOnWriteArrayList<>();

        void add(double nanosPerQuery) {
            perQuery.add(nanosPerQuery);
        }

        /** The median over runs, in nanoseconds per query; the warm-up run is left out. */
        double median() {
            List<Double> measured = perQuery.size() > 1 ? perQuery.subList(1, perQuery.size()) : perQuery;
            return Harness.median(measured.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** The same lookup with named parameters and with a lambda mapper, against the Class form, on one thread. */
    private static void everydayForms(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        String named = "SELECT id, name, price, created FROM bench_items WHERE id = :id";
        try (PostgresClient client = Db.client(server, 1)) {
            double[] m = Harness.compare(mode.rounds, "q/s",
                    "queryRow(Sql.of(?), Item.class)", (Harness.Contender) () -> measure(1, mode.millisPerRun, t -> {
                        check(client.queryRow(Sql.of(SELECT, nextId()), Item.class));
                    }),
                    "queryRow(Sql.named(:id, Map), Item.class)",
                    (Harness.Contender) () -> measure(1, mode.millisPerRun, t -> {
                        check(client.queryRow(Sql.named(named, java.util.Map.of("id", nextId())), Item.class));
                    }),
                    "queryRow(Sql.of(?), row -> new Item(...))",
                    (Harness.Contender) () -> measure(1, mode.millisPerRun, t -> {
                        check(client.queryRow(Sql.of(SELECT, nextId()), row -> new Item(row.get(0, long.class),
                                row.get(1, String.class), row.get(2, BigDecimal.class),
                                row.get(3, OffsetDateTime.class))));
                    }));
            Harness.result("point_select.named_vs_class", m[1], "q/s", m[0]);
            Harness.result("point_select.lambda_vs_class", m[2], "q/s", m[0]);
        }
    }

    /**
     * How much pipelining can gain on this machine at all: pgbench (whose client costs next to nothing) on 4
     * connections, one statement at a time vs 16 per pipeline (as 64 callers on 4 connections), and on one connection
     * with 4 per pipeline (as 4 callers sharing a connection). The pipelined engine's goals are ratios against raw
     * pgjdbc; this shows the server's side of the ceiling.
     */
    private static void pipeliningHeadroom(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        if (!PgBench.available()) {
            return;
        }
        System.out.println("\n== point_select: the server's pipelining headroom (pgbench -M prepared, 4 connections)");
        double[] m = Harness.compare(mode.rounds, "q/s",
                "pgbench, 16 statements per pipeline", (Harness.Contender) () -> PgBench.pointSelect(server, 4,
                        mode.millisPerRun, 16),
                "pgbench, one statement at a time", (Harness.Contender) () -> PgBench.pointSelect(server, 4,
                        mode.millisPerRun, 1),
                "pgbench, 1 connection, 4 statements per pipeline", (Harness.Contender) () -> PgBench.pointSelect(
                        server, 1, mode.millisPerRun, 4));
        Harness.result("point_select.pgbench_pipelined16_vs_pgbench", m[0], "q/s", m[1]);
        // 4 blocking callers have at most 4 statements in flight: on 4 connections that is no pipelining at all, the
        // most they can gain is by sharing one connection, 4 statements per pipeline.
        Harness.result("point_select.pgbench_1conn_pipelined4_vs_pgbench", m[2], "q/s", m[1]);
    }

    private static void check(Item item) {
        if (item == null || item.id() == 0) {
            throw new IllegalStateException();
        }
    }

    static long nextId() {
        return ThreadLocalRandom.current().nextLong(1, ROWS + 1);
    }

    @FunctionalInterface
    interface Op {
        void run(int thread) throws Exception;
    }

    static double measure(int threads, long millis, Op op) throws Exception {
        return measure(threads, millis, null, op);
    }

    /** Runs op on {@code threads} platform threads for {@code millis}; adds the CPU time per query to cpu if given. */
    static double measure(int threads, long millis, CpuTime cpu, Op op) throws Exception {
        LongAdder count = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Thread> workers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                try {
                    while (System.nanoTime() < deadline) {
                        op.run(thread);
                        count.increment();
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
                cpuNanos.add(mx.getCurrentThreadCpuTime() - cpu0);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (cpu != null) {
            cpu.add((double) cpuNanos.sum() / Math.max(1, count.sum()));
        }
        return count.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
