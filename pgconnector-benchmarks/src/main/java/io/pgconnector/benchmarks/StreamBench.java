package io.pgconnector.benchmarks;

import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Streaming read of many rows into records, each contender in its own JVM with a 64 MB heap: {@code query} and
 * {@code copyOut} vs raw pgjdbc with a cursor (autocommit off, fetch size 1000), and a raw binary COPY that decodes
 * nothing (the ceiling). Rows come from a table, then from a query that computes them (server-bound).
 */
final class StreamBench {
    private static final String GENERATED = "SELECT g AS id, 'row number ' || g AS label, g * 0.5 AS value "
            + "FROM generate_series(1, ?) g";
    private static final String TABLE = "SELECT id, label, value FROM bench_stream WHERE id <= ?";

    record Row(long id, String label, double value) {
    }

    private StreamBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        int rows = mode.streamRows;
        System.out.printf("%n== stream: %,d rows into records, each run in a fresh JVM with -Xmx64m%n", rows);
        try (Connection c = Db.jdbc(server); java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_stream");
            st.execute("CREATE TABLE bench_stream AS SELECT g::bigint AS id, 'row number ' || g AS label, "
                    + "(g * 0.5)::float8 AS value FROM generate_series(1, " + rows + ") g");
            st.execute("VACUUM ANALYZE bench_stream");
        }
        // A table read out (what COPY is for: exports), then rows the server computes per row, where the
        // server's own work bounds every contender (the raw binary COPY shows how far).
        compare(server, mode, rows, "table", "a table (id bigint, label text, value float8)", "");
        compare(server, mode, rows, "generated", "generate_series with text and numeric expressions", "_generated");
    }

    private static void compare(EmbeddedPostgres server, Bench.Mode mode, int rows, String source, String what,
            String suffix) throws Exception {
        System.out.printf("  rows from %s%n", what);
        long[] peak = new long[4];
        double[] m = Harness.compare(Math.max(2, mode.rounds - 1), "rows/s",
                "query stream (record)", (Harness.Contender) () -> child(server, "client", source, rows, peak, 0),
                "raw pgjdbc cursor (fetch size 1000)", (Harness.Contender) () -> child(server, "jdbc", source, rows,
                        peak, 1),
                "copyOut stream (record, binary COPY)", (Harness.Contender) () -> child(server, "copyout", source,
                        rows, peak, 2),
                "raw binary COPY into a null sink", (Harness.Contender) () -> child(server, "rawcopy", source, rows,
                        peak, 3));
        Harness.result("stream.query_vs_jdbc_cursor" + suffix, m[0], "rows/s", m[1]);
        Harness.result("stream.copyOut_vs_jdbc_cursor" + suffix, m[2], "rows/s", m[1]);
        // What the server and the wire allow at all: the same COPY with nothing decoded. copyOut cannot pass it.
        Harness.result("stream.copyOut_vs_raw_binary_copy" + suffix, m[2], "rows/s", m[3]);
        Harness.result("stream.raw_binary_copy_vs_jdbc_cursor" + suffix, m[3], "rows/s", m[1]);
        System.out.printf(Locale.ROOT, "  peak heap used: query stream %d MB, raw cursor %d MB, copyOut %d MB "
                + "(limit 64 MB)%n", peak[0] >> 20, peak[1] >> 20, peak[2] >> 20);
        Harness.result("stream.peak_heap_vs_jdbc_cursor" + suffix, peak[0] / 1048576.0, "MB", peak[1] / 1048576.0);
        Harness.result("stream.copyOut_peak_heap_vs_jdbc_cursor" + suffix, peak[2] / 1048576.0, "MB",
                peak[1] / 1048576.0);
    }

    private static double child(EmbeddedPostgres server, String how, String source, int rows, long[] peak,
            int slot) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StreamBench.class.getName(), how, source, server.host(), Integer.toString(server.port()),
                server.username(), server.password(), Integer.toString(rows))).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("stream child timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 || !out.startsWith("OK ")) {
            throw new IllegalStateException("stream child failed: " + out);
        }
        String[] parts = out.split(" ");
        peak[slot] = Math.max(peak[slot], Long.parseLong(parts[2]));
        return Double.parseDouble(parts[1]);
    }

    /** A plain pgjdbc connection from the child's arguments (host, port, user, password at 1-4). */
    private static Connection jdbc(String[] args) throws java.sql.SQLException {
        Properties p = new Properties();
        p.setProperty("user", args[3]);
        p.setProperty("password", args[4]);
        return DriverManager.getConnection("jdbc:postgresql://" + args[1] + ":" + args[2] + "/postgres", p);
    }

    /**
     * Child JVM: reads the rows one way and prints {@code OK <rows/s> <peak heap bytes>}.
     *
     * @param args how, host, port, user, password, rows
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String how = args[0];
        String select = args[1].equals("table") ? TABLE : GENERATED;
        args = java.util.Arrays.copyOfRange(args, 1, args.length);
        int rows = Integer.parseInt(args[5]);
        long sum = 0;
        long start;
        if (how.equals("copyout")) {
            try (PostgresClient client = PostgresClient.builder().host(args[1]).port(Integer.parseInt(args[2]))
                    .username(args[3]).password(args[4]).database("postgres")
                    .pool(PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build()).build()) {
                start = System.nanoTime();
                // COPY takes no parameters; the row count is an integer written into the text.
                Sql copy = Sql.of(select.replace("?", Integer.toString(rows)));
                try (Stream<Row> s = client.copyOut(copy, Row.class)) {
                    sum = s.mapToLong(Row::id).sum();
                }
            }
        } else if (how.equals("rawcopy")) {
            try (Connection c = jdbc(args)) {
                start = System.nanoTime();
                long copied = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut("COPY ("
                        + select.replace("?", Integer.toString(rows)) + ") TO STDOUT (FORMAT binary)",
                        java.io.OutputStream.nullOutputStream());
                if (copied != rows) {
                    throw new IllegalStateException(copied + " rows copied of " + rows);
                }
                sum = (long) rows * (rows + 1) / 2; // nothing decoded: the server's row count above is the check
            }
        } else if (how.equals("client")) {
            try (PostgresClient client = PostgresClient.builder().host(args[1]).port(Integer.parseInt(args[2]))
                    .username(args[3]).password(args[4]).database("postgres")
                    .pool(PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build()).build()) {
                start = System.nanoTime();
                try (Stream<Row> s = client.query(Sql.of(select, rows), Row.class)) {
                    sum = s.mapToLong(Row::id).sum();
                }
            }
        } else {
            try (Connection c = jdbc(args)) {
                start = System.nanoTime();
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    ps.setFetchSize(1000);
                    ps.setInt(1, rows);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row r = new Row(rs.getLong(1), rs.getString(2), rs.getDouble(3));
                            sum += r.id();
                        }
                    }
                }
                c.commit();
            }
        }
        double perSecond = rows / ((System.nanoTime() - start) / 1e9);
        if (sum != (long) rows * (rows + 1) / 2) {
            throw new IllegalStateException("wrong sum " + sum);
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(String.format(Locale.ROOT, "OK %.1f %d", perSecond, peakHeap));
    }
}
