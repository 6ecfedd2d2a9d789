package io.pgconnector.benchmarks;

import io.pgconnector.embedded.EmbeddedPostgres;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Entry point of {@code scripts/bench}: starts an embedded PostgreSQL server and runs the comparisons in quick (under
 * 3 minutes on 2 cores) or full mode.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args {@code quick} (default) or {@code full}, optionally followed by suite names to run only those
     *             ({@code point_select metrics batch_insert stream cdc cdc_kafka notify replica_reads startup})
     * @throws Exception if a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        boolean full = args.length > 0 && args[0].equals("full");
        java.util.Set<String> only = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            only.add(args[i]);
        }
        Mode mode = full ? Mode.FULL : Mode.QUICK;
        System.out.printf(Locale.ROOT, "pgconnector benchmarks, %s mode: %d cores, Java %s, max heap %d MB%n",
                mode.name().toLowerCase(Locale.ROOT), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("JVM: " + ManagementFactory.getRuntimeMXBean().getVmName());
        long t0 = System.nanoTime();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().logicalReplication(true)
                .setting("max_wal_size", "4GB").start()) {
            System.out.println("Server: PostgreSQL " + server.serverVersion() + " (embedded, port " + server.port() + ")");
            if (only.isEmpty() || only.contains("point_select")) {
                PointSelectBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("metrics")) {
                MetricsBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("batch_insert")) {
                BatchInsertBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("stream")) {
                StreamBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("cdc")) {
                CdcBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("cdc_kafka")) {
                CdcKafkaBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("notify")) {
                NotifyBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("replica_reads")) {
                ReplicaReadsBench.run(server, mode);
            }
            if (only.isEmpty() || only.contains("startup")) {
                StartupBench.run(server, mode);
            }
        }
        Harness.printTable();
        System.out.printf(Locale.ROOT, "%nTotal time: %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** How long and how big the runs are. */
    enum Mode {
        QUICK(3, 2_000, 200_000, 1_000_000, 20_000),
        FULL(5, 5_000, 1_000_000, 5_000_000, 100_000);

        final int rounds;
        final long millisPerRun;
        final int insertRows;
        final int streamRows;
        final int cdcRows;

        Mode(int rounds, long millisPerRun, int insertRows, int streamRows, int cdcRows) {
            this.rounds = rounds;
            this.millisPerRun = millisPerRun;
            this.insertRows = insertRows;
            this.streamRows = streamRows;
            this.cdcRows = cdcRows;
        }
    }
}
