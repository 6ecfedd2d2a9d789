package io.pgconnector.benchmarks;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;

/**
 * The client CPU of one point select (#24), ours against raw pgjdbc, measured in one JVM on one thread: short blocks
 * of each contender alternate, and the figures are the medians of the per-round ratios, which the noise of a shared
 * machine moves much less than the full bench's separate runs. Also the bytes allocated per call, and the user part
 * of the CPU time (means: the clock ticks in 10 ms).
 *
 * <p>Contenders: 0 queryRow (default options), 1 queryRow with {@code socketTimeout(0)} (pgjdbc then reads without
 * a timer), 2 raw pgjdbc with a reused statement, 3 raw pgjdbc borrowing from HikariCP per call.
 *
 * <p>{@code java -cp ... io.pgconnector.benchmarks.PointSelectMicro [rounds] [queriesPerBlock] [only]}: with
 * {@code only}, that contender alone runs rounds x queriesPerBlock calls (for a profiler or strace).
 */
final class PointSelectMicro {
    private static final String[] NAMES = {"queryRow", "queryRow, socketTimeout 0", "raw pgjdbc",
            "raw + HikariCP borrow"};

    private PointSelectMicro() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            PointSelectBench.createTable(server);
            PoolOptions one = PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build();
            try (PostgresClient client = Db.settings(server).pool(one).build();
                 PostgresClient untimed = Db.settings(server).pool(one)
                         .options(ClientOptions.builder().socketTimeout(Duration.ZERO).build()).build();
                 com.zaxxer.hikari.HikariDataSource hikari = Db.hikari(server, 1);
                 Connection raw = Db.jdbc(server);
                 PreparedStatement rawPs = raw.prepareStatement(PointSelectBench.SELECT)) {
                PreparedStatement[] kept = new PreparedStatement[1];
                Connection[] keptOn = new Connection[1];
                PointSelectBench.Op[] ops = {
                    t -> check(client.queryRow(Sql.of(PointSelectBench.SELECT, PointSelectBench.nextId()),
                            PointSelectBench.Item.class)),
                    t -> check(untimed.queryRow(Sql.of(PointSelectBench.SELECT, PointSelectBench.nextId()),
                            PointSelectBench.Item.class)),
                    t -> {
                        rawPs.setLong(1, PointSelectBench.nextId());
                        read(rawPs);
                    },
                    t -> {
                        try (Connection pooled = hikari.getConnection()) {
                            Connection physical = pooled.unwrap(Connection.class);
                            if (keptOn[0] != physical) {
                                keptOn[0] = physical;
                                kept[0] = physical.prepareStatement(PointSelectBench.SELECT);
                            }
                            kept[0].setLong(1, PointSelectBench.nextId());
                            read(kept[0]);
                        }
                    }};
                if (args.length > 2) {
                    PointSelectBench.Op only = ops[Integer.parseInt(args[2])];
                    for (long i = 0, n = (long) rounds * block; i < n; i++) {
                        only.run(0);
                    }
                    return;
                }
                int n = ops.length;
                double[][] cpu = new double[n][rounds];
                double[][] user = new double[n][rounds];
                double[][] alloc = new double[n][rounds];
                for (int warm = 0; warm < 5; warm++) {
                    for (PointSelectBench.Op op : ops) {
                        for (int i = 0; i < block; i++) {
                            op.run(0);
                        }
                    }
                }
                for (int r = 0; r < rounds; r++) {
                    for (int j = 0; j < n; j++) {
                        int k = (r + j) % n;
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
                for (int k = 0; k < n; k++) {
                    System.out.printf(Locale.ROOT, "%-26s cpu %6.2f us/query (user %5.2f), alloc %5.0f B/query%n",
                            NAMES[k], median(cpu[k]) / 1e3, mean(user[k]) / 1e3, median(alloc[k]));
                }
                System.out.printf(Locale.ROOT, "MICRO cpu: queryRow/raw %.3f, queryRow/borrow %.3f, borrow/raw %.3f, "
                        + "queryRow socketTimeout 0/raw %.3f, /borrow %.3f (medians of per-round ratios, %d rounds "
                        + "of %d)%n", medianRatio(cpu[0], cpu[2]), medianRatio(cpu[0], cpu[3]),
                        medianRatio(cpu[3], cpu[2]), medianRatio(cpu[1], cpu[2]), medianRatio(cpu[1], cpu[3]), rounds,
                        block);
            }
        }
    }

    private static void read(PreparedStatement ps) throws java.sql.SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            check(new PointSelectBench.Item(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
                    rs.getObject(4, OffsetDateTime.class)));
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
