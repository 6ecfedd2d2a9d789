package io.pgconnector.benchmarks;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk insert of rows (bigint, text, numeric, timestamptz): copyIn and batchExecute vs hand-written binary and text
 * COPY, executeBatch and rewritten batches.
 */
final class BatchInsertBench {
    record Load(long id, String name, BigDecimal amount, OffsetDateTime at) {
    }

    private static final String INSERT = "INSERT INTO bench_load (id, name, amount, at) VALUES (?, ?, ?, ?)";
    private static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private BatchInsertBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        int rows = mode.insertRows;
        System.out.printf("%n== batch_insert: %,d rows (bigint, text, numeric, timestamptz)%n", rows);
        try (PostgresClient client = Db.client(server, 1);
             Connection plain = Db.jdbc(server);
             Connection rewrite = Db.jdbc(server, "reWriteBatchedInserts", "true")) {
            client.execute(Sql.of("DROP TABLE IF EXISTS bench_load"));
            client.execute(Sql.of("CREATE UNLOGGED TABLE bench_load (id bigint, name text, amount numeric(14,2), "
                    + "at timestamptz)"));
            Harness.Contender batchExecute = () -> timed(client, rows, () -> {
                Sql insert = Sql.of(INSERT, null, null, null, null);
                List<Sql> batch = new ArrayList<>(rows);
                for (int i = 0; i < rows; i++) {
                    batch.add(insert.withValues((long) i, "name " + i, BigDecimal.valueOf(i, 2), BASE.plusSeconds(i)));
                }
                client.batchExecute(batch);
            });
            Harness.Contender batchRows = () -> timed(client, rows, () -> client.batchExecute(INSERT,
                    java.util.stream.IntStream.range(0, rows).mapToObj(i -> java.util.Arrays.<Object>asList(
                            (long) i, "name " + i, BigDecimal.valueOf(i, 2), BASE.plusSeconds(i)))));
            Harness.Contender executeBatch = () -> timed(client, rows, () -> jdbcBatch(plain, rows));
            Harness.Contender rewritten = () -> timed(client, rows, () -> jdbcBatch(rewrite, rows));
            Harness.Contender copy = () -> timed(client, rows, () -> copy(plain, rows));
            Harness.Contender binaryCopy = () -> timed(client, rows, () -> BinaryCopyReference.copy(plain, rows,
                    BASE));
            Harness.Contender copyIn = () -> timed(client, rows, () -> client.copyIn("bench_load", Load.class,
                    java.util.stream.IntStream.range(0, rows).mapToObj(i -> new Load(i, "name " + i,
                            BigDecimal.valueOf(i, 2), BASE.plusSeconds(i)))));
            double[] m = Harness.compare(mode.rounds, "rows/s",
                    "batchExecute(List<Sql>)", batchExecute,
                    "COPY FROM STDIN text (CopyManager)", copy,
                    "batchExecute(sql, rows) streamed", batchRows,
                    "executeBatch (plain)", executeBatch,
                    "executeBatch (reWriteBatchedInserts=true)", rewritten,
                    "COPY FROM STDIN binary (CopyManager, hand-written)", binaryCopy,
                    "copyIn(table, Record.class, stream)", copyIn);
            Harness.result("batch_insert.copyIn_vs_binary_copy", m[6], "rows/s", m[5]);
            Harness.result("batch_insert.batchExecute_rows_vs_binary_copy", m[2], "rows/s", m[5]);
            Harness.result("batch_insert.batchExecute_list_vs_binary_copy", m[0], "rows/s", m[5]);
            Harness.result("batch_insert.binary_copy_vs_text_copy", m[5], "rows/s", m[1]);
            Harness.result("batch_insert.batchExecute_vs_copy", m[0], "rows/s", m[1]);
            Harness.result("batch_insert.batchExecute_vs_executeBatch", m[0], "rows/s", m[3]);
            Harness.result("batch_insert.batchExecute_vs_rewritten_batch", m[0], "rows/s", m[4]);
            Harness.result("batch_insert.batchExecute_rows_vs_copy", m[2], "rows/s", m[1]);
            Harness.result("batch_insert.batchExecute_rows_vs_executeBatch", m[2], "rows/s", m[3]);
            client.execute(Sql.of("DROP TABLE bench_load"));
        }
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private static double timed(PostgresClient client, int rows, Work work) throws Exception {
        client.execute(Sql.of("TRUNCATE bench_load"));
        long start = System.nanoTime();
        work.run();
        double perSecond = rows / ((System.nanoTime() - start) / 1e9);
        long count = client.queryRow(Sql.of("SELECT count(*) FROM bench_load"), Long.class);
        if (count != rows) {
            throw new IllegalStateException("expected " + rows + " rows, found " + count);
        }
        return perSecond;
    }

    private static void jdbcBatch(Connection c, int rows) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i);
                ps.setString(2, "name " + i);
                ps.setBigDecimal(3, BigDecimal.valueOf(i, 2));
                ps.setObject(4, BASE.plusSeconds(i));
                ps.addBatch();
                if ((i + 1) % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static void copy(Connection c, int rows) throws Exception {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY bench_load (id, name, amount, at) FROM STDIN");
        StringBuilder sb = new StringBuilder(1 << 18);
        for (int i = 0; i < rows; i++) {
            sb.append(i).append('\t').append("name ").append(i).append('\t').append(BigDecimal.valueOf(i, 2))
                    .append('\t').append(BASE.plusSeconds(i)).append('\n');
            if (sb.length() > 1 << 18) {
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(b, 0, b.length);
                sb.setLength(0);
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(b, 0, b.length);
        in.endCopy();
    }

}
