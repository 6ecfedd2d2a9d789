package io.pgconnector.benchmarks;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Start-up: client build to first query result vs a raw pgjdbc connection; embedded server start vs restart. */
final class StartupBench {
    private StartupBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        System.out.println("\n== startup: time to the first query result (ms, lower is better)");
        double[] m = Harness.compare(mode.rounds + 2, "ms",
                "PostgresClient.builder().build() + queryRow", (Harness.Contender) () -> {
                    long start = System.nanoTime();
                    try (PostgresClient client = Db.client(server, 2)) {
                        client.queryRow(Sql.of("SELECT 1"), Integer.class);
                        return (System.nanoTime() - start) / 1e6;
                    }
                },
                "raw pgjdbc DriverManager.getConnection + query", (Harness.Contender) () -> {
                    long start = System.nanoTime();
                    try (Connection c = Db.jdbc(server); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                        return (System.nanoTime() - start) / 1e6;
                    }
                });
        Harness.result("startup.client_first_query_vs_jdbc", m[0], "ms", m[1]);

        System.out.println("\n== startup: embedded server (ms, lower is better)");
        double[] s = Harness.compare(Math.max(2, mode.rounds - 1), "ms",
                "EmbeddedPostgres start (initdb + start)", (Harness.Contender) () -> {
                    long start = System.nanoTime();
                    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().logicalReplication(false).start()) {
                        return (System.nanoTime() - start) / 1e6;
                    }
                },
                "EmbeddedPostgres restart (same data)", (Harness.Contender) () -> {
                    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().logicalReplication(false).start()) {
                        long start = System.nanoTime();
                        pg.restart();
                        return (System.nanoTime() - start) / 1e6;
                    }
                });
        Harness.result("startup.embedded_server_vs_restart", s[0], "ms", s[1]);
    }
}
