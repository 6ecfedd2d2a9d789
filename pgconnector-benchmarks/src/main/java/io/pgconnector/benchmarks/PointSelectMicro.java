package io.pgconnector.benchmarks;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;

/**
 * The client CPU of one point select (#24), ours against raw pgjdbc, measured in one JVM on one thread: short blocks
 * of each contender alternate, and the figure is the median of the per-round ratios, which the noise of a shared
 * machine moves much less than the full bench's separate runs. Also the bytes allocated per call.
 *
 * <p>{@code java -cp ... io.pgconnector.benchmarks.PointSelectMicro [rounds] [queriesPerBlock] [only: 0 ours, 1 raw,
 * 2 borrow]}
 */
final class PointSelectMicro {
    private PointSelectMicro() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            PointSelectBench.createTable(server);
            PostgresClient.Builder settings = Db.settings(server).pool(io.pgconnector.client.PoolOptions.builder()
                    .maxOpenConnections(1).minIdleConnections(1).build());
            String clientSocketTimeout = System.getProperty("micro.clientSocketTimeout");
            if (clientSocketTimeout != null) {
                settings.options(io.pgconnector.client.ClientOptions.builder()
                        .socketTimeout(java.time.Duration.ofSeconds(Long.parseLong(clientSocketTimeout))).build());
            }
            try (PostgresClient client = settings.build();
                 com.zaxxer.hikari.HikariDataSource hikari = Db.hikari(server, 1);
                 Connection raw = Db.jdbc(server, "socketTimeout", System.getProperty("micro.rawSocketTimeout", "0"));
                 PreparedStatement rawPs = raw.prepareStatement(PointSelectBench.SELECT)) {
                if (Boolean.getBoolean("micro.maxRows")) {
                    rawPs.setMaxRows(1); // as queryRow asks for at most one row
                }
                PreparedStatement[] kept = new PreparedStatement[1];
                Connection[] keptOn = new Connection[1];
                PointSelectBench.Op ours = t -> check(client.queryRow(Sql.of(PointSelectBench.SELECT,
                        PointSelectBench.nextId()), PointSelectBench.Item.class));
                PointSelectBench.Op jdbc = t -> {
                    rawPs.setLong(1, PointSelectBench.nextId());
                    try (ResultSet rs = rawPs.executeQuery()) {
                        rs.next();
                        check(new PointSelectBench.Item(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                                rs.getObject(4, OffsetDateTime.class)));
                    }
                };
                PointSelectBench.Op borrow = t -> {
                    try (Connection pooled = hikari.getConnection()) {
                        Connection physical = pooled.unwrap(Connection.class);
                        if (keptOn[0] != physical) {
                            keptOn[0] = physical;
                            kept[0] = physical.prepareStatement(PointSelectBench.SELECT);
                        }
                        PreparedStatement ps = kept[0];
                        ps.setLong(1, PointSelectBench.nextId());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            check(new PointSelectBench.Item(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                                    rs.getObject(4, OffsetDateTime.class)));
                        }
                    }
                };
                PointSelectBench.Op[] ops = {ours, jdbc, borrow};
                String[] names = {"queryRow", "raw pgjdbc", "raw + HikariCP borrow"};
                if (args.length > 2) {
                    // One contender alone (for a profiler or strace): rounds x block calls.
                    PointSelectBench.Op only = ops[Integer.parseInt(args[2])];
                    for (long i = 0, n = (long) rounds * block; i < n; i++) {
                        only.run(0);
                    }
                    return;
                }
                double[][] cpu = new double[3][rounds];
                double[][] alloc = new double[3][rounds];
                double[][] user = new double[3][rounds];
                for (int warm = 0; warm < 5; warm++) {
                    for (PointSelectBench.Op op : ops) {
                        for (int i = 0; i < block; i++) {
                            op.run(0);
                        }
                    }
                }
                for (int r = 0; r < rounds; r++) {
                    for (int j = 0; j < 3; j++) {
                        int k = (r + j) % 3;
                        long u0 = mx.getCurrentThreadUserTime();
                        long c0 = mx.getCurrentThreadCpuTime();
                        long a0 = mx.getCurrentThreadAllocatedBytes();
                        for (int i = 0; i < block; i++) {
                            ops[k].run(0);
                        }
                        alloc[k][r] = (double) (mx.getCurrentThreadAllocatedBytes() - a0) / block;
                        cpu[k][r] = (double) (mx.getCurrentThreadCpuTime() - c0) / block;
                        user[k][r] = (double) (mx.getCurrentThreadUserTime() - u0) / block;
                    }
                }
                for (int k = 0; k < 3; k++) {
                    System.out.printf(Locale.ROOT, "%-24s cpu %6.2f us/query (median; user %6.2f, the mean: the clock ticks in 10 ms), alloc %6.0f "
                            + "B/query%n", names[k], median(cpu[k]) / 1e3, mean(user[k]) / 1e3, median(alloc[k]));
                }
                System.out.printf(Locale.ROOT, "MICRO queryRow/raw cpu %.3f, queryRow/borrow cpu %.3f, "
                        + "borrow/raw cpu %.3f (medians of per-round ratios, %d rounds of %d); user time (means): "
                        + "queryRow/raw %.3f, queryRow/borrow %.3f%n", medianRatio(cpu[0], cpu[1]),
                        medianRatio(cpu[0], cpu[2]), medianRatio(cpu[2], cpu[1]), rounds, block,
                        mean(user[0]) / mean(user[1]), mean(user[0]) / mean(user[2]));
            }
        }
    }

    private static void check(PointSelectBench.Item item) {
        if (item == null || item.id() == 0) {
            throw new IllegalStateException();
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
