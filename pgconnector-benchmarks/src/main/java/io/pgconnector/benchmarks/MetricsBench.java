package io.pgconnector.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.client.spi.OperationObserver;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.micrometer.PostgresMetrics;

/** What Micrometer metrics cost: the point select of {@link PointSelectBench} with and without them. */
final class MetricsBench {
    private MetricsBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        System.out.println("\n== metrics: point_select queryRow with PostgresMetrics (SimpleMeterRegistry) vs without");
        PointSelectBench.createTable(server);
        PoolOptions pool = PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build();
        try (PostgresClient plain = Db.settings(server).pool(pool).build();
             PostgresClient metered = Db.settings(server).pool(pool)
                     .observer(PostgresMetrics.of(new SimpleMeterRegistry())).build()) {
            double[] m = Harness.compare(mode.rounds, "q/s",
                    "queryRow with metrics, 1 thread",
                    (Harness.Contender) () -> PointSelectBench.measure(1, mode.millisPerRun,
                            t -> select(metered)),
                    "queryRow without metrics, 1 thread",
                    (Harness.Contender) () -> PointSelectBench.measure(1, mode.millisPerRun,
                            t -> select(plain)));
            Harness.result("point_select.metrics_on_vs_off.1thread", m[0], "q/s", m[1]);
        }
        observerCost();
    }

    /**
     * The observer's own cost per operation, without the database: on a loaded machine the point select varies by
     * more than this, so it is measured apart (against an empty loop).
     */
    private static void observerCost() {
        OperationObserver observer = PostgresMetrics.builder(new SimpleMeterRegistry()).poolMetrics(false).build()
                .clientOpened(new ClientInfo("localhost", 5432, "bench", "bench-pool"), null);
        int n = 2_000_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                observer.start(OperationKind.QUERY_ROW, PointSelectBench.SELECT).end(1, null);
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) n);
        }
        System.out.printf(java.util.Locale.ROOT, "  observer start+end (PostgresMetrics, SimpleMeterRegistry): %.0f ns"
                + " per operation (best of 5 x %d)%n", best, n);
    }

    private static void select(PostgresClient client) {
        PointSelectBench.Item item = client.queryRow(Sql.of(PointSelectBench.SELECT, PointSelectBench.nextId()),
                PointSelectBench.Item.class);
        if (item == null) {
            throw new IllegalStateException();
        }
    }
}
