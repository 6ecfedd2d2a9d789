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
        try (PostgresClient client = Db.client(server, threads)) {
            List<Connection> connections = new ArrayList<>();
            List<PreparedStatement> statements = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Connection c = Db.jdbc(server);
                connections.add(c);
                statements.add(c.prepareStatement(SELECT));
            }
            double[] m = Harness.compare(mode.rounds, "q/s",
                    "queryRow (pool, record), " + threads + " thread(s)",
                    (Harness.Contender) () -> measure(threads, mode.millisPerRun, t -> {
                        Item item = client.queryRow(Sql.of(SELECT, nextId()), Item.class);
                        if (item == null) {
                            throw new IllegalStateException();
                        }
                    }),
                    "raw pgjdbc PreparedStatement, " + threads + " thread(s)",
                    (Harness.Contender) () -> measure(threads, mode.millisPerRun, t -> {
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
                    }));
            Harness.result("point_select.queryRow_vs_jdbc." + threads + "thread", m[0], "q/s", m[1]);
            for (Connection c : connections) {
                c.close();
            }
        }
        everydayForms(server, mode);
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
        LongAdder count = new LongAdder();
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Thread> workers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        op.run(thread);
                        count.increment();
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
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
        return count.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
