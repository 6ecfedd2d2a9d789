package io.pgconnector.benchmarks;

import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.EmbeddedStandby;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Point selects from 4 threads spread over the primary and a streaming replica (two threads each) vs all 4 on the
 * primary. Both servers share the machine's cores, so on a small machine the figure shows the routing's overhead,
 * not a gain.
 */
final class ReplicaReadsBench {
    private static final int ROWS = 10_000;
    private static final int THREADS = 4;
    private static final String SELECT = "SELECT name FROM bench_replica_items WHERE id = ?";

    private ReplicaReadsBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        System.out.println("\n== replica_reads: 4 threads over primary + replica vs 4 threads on the primary alone");
        try (PostgresClient setup = Db.client(server, 1)) {
            setup.execute(Sql.of("DROP TABLE IF EXISTS bench_replica_items"));
            setup.execute(Sql.of("CREATE TABLE bench_replica_items (id bigint PRIMARY KEY, name text)"));
            setup.execute(Sql.of("INSERT INTO bench_replica_items SELECT g, 'item ' || g "
                    + "FROM generate_series(1, ?) g", ROWS));
            setup.execute(Sql.of("VACUUM ANALYZE bench_replica_items"));
        }
        PoolOptions pool = PoolOptions.builder().maxOpenConnections(THREADS).minIdleConnections(THREADS).build();
        try (EmbeddedStandby standby = server.startStandby();
             PostgresClient spread = Db.settings(server).pool(pool)
                     .replicas(List.of(standby.server().host() + ":" + standby.server().port())).build();
             PostgresClient primaryOnly = Db.settings(server).pool(pool).build()) {
            standby.awaitReplay(Duration.ofSeconds(60));
            double[] m = Harness.compare(mode.rounds, "q/s",
                    "primary + replica (2 threads each)",
                    (Harness.Contender) () -> PointSelectBench.measure(THREADS, mode.millisPerRun, t -> check(
                            (t % 2 == 0 ? spread : spread.replicas()).queryRow(Sql.of(SELECT, nextId()),
                                    String.class))),
                    "primary only",
                    (Harness.Contender) () -> PointSelectBench.measure(THREADS, mode.millisPerRun, t -> check(
                            primaryOnly.queryRow(Sql.of(SELECT, nextId()), String.class))));
            Harness.result("replica_reads.two_servers_vs_one", m[0], "q/s", m[1]);
        }
    }

    private static void check(String name) {
        if (name == null) {
            throw new IllegalStateException();
        }
    }

    private static long nextId() {
        return ThreadLocalRandom.current().nextLong(1, ROWS + 1);
    }
}
