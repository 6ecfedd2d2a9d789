package io.pgconnector.client.internal;

import io.pgconnector.client.BatchExecuteException;
import io.pgconnector.client.BatchStatementResult;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The two {@code batchExecute} verbs: one statement text, many rows of values, atomic. A plain insert of enough rows
 * goes through COPY ({@link CopyBatch}); anything else runs as JDBC batches in chunks.
 */
final class Batches {
    private static final int BATCH_CHUNK = 1000;
    private static final Pattern BATCH_ENTRY = Pattern.compile("(\\d+)");

    private Batches() {
    }

    static List<ExecutionResult> run(Operations ops, List<Sql> statements) {
        Arguments.required(statements, "statements", "batchExecute");
        if (statements.isEmpty()) {
            throw new InvalidStatementException("batchExecute needs at least one statement", "07001");
        }
        for (int i = 0; i < statements.size(); i++) {
            Arguments.required(statements.get(i), "statements[" + i + "]", "batchExecute");
        }
        String text = statements.get(0).text();
        for (int i = 1; i < statements.size(); i++) {
            if (!statements.get(i).text().equals(text)) {
                throw new InvalidStatementException("All statements of a batch must have the same text; statement "
                        + i + " differs from statement 0: " + Operations.abbreviate(statements.get(i).text()), "42601");
            }
        }
        Iterator<Sql> it = statements.iterator();
        return runBatch(ops, text, new Iterator<List<?>>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public List<?> next() {
                return it.next().values();
            }
        }, statements.size());
    }

    static List<ExecutionResult> run(Operations ops, String sql, Stream<? extends List<?>> rows) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(rows, "rows");
        int placeholders = SqlScanner.placeholderPositions(sql).length;
        Iterator<? extends List<?>> source = rows.iterator();
        if (!source.hasNext()) {
            throw new InvalidStatementException("batchExecute needs at least one row of values", "07001");
        }
        return runBatch(ops, sql, new Iterator<List<?>>() {
            private int index;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public List<?> next() {
                List<?> row = Objects.requireNonNull(source.next(), "row");
                if (row.size() != placeholders) {
                    throw new InvalidStatementException("Row " + index + " of the batch has " + row.size()
                            + " value(s) but the statement has " + placeholders + " placeholder(s)", "07001");
                }
                index++;
                return row;
            }
        }, -1);
    }

    /**
     * Runs a batch of value rows for one statement text: through COPY when it is a plain insert of enough rows,
     * else as chunked JDBC batches; atomic either way.
     */
    private static List<ExecutionResult> runBatch(Operations ops, String text, Iterator<List<?>> rows, int knownSize) {
        String copy = knownSize < 0 || knownSize >= CopyBatch.MIN_ROWS ? InsertStatements.copyCommand(text) : null;
        Connection c = ops.acquire();
        boolean owns = ops.ownsConnections();
        List<ExecutionResult> results = new ArrayList<>(Math.max(knownSize, 16));
        try {
            if (copy != null) {
                // One COPY is atomic by itself, inside or outside a transaction.
                return CopyBatch.run(c, text, copy, rows, knownSize, ops.codecs());
            }
            if (owns) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement(text)) {
                int chunkStart = 0;
                int i = 0;
                while (rows.hasNext()) {
                    Operations.bindAll(ops.codecs(), ps, rows.next(), false);
                    ps.addBatch();
                    i++;
                    if (i - chunkStart == BATCH_CHUNK || !rows.hasNext()) {
                        try {
                            for (long n : ps.executeLargeBatch()) {
                                results.add(new ExecutionResult(n, null));
                            }
                        } catch (BatchUpdateException e) {
                            throw batchFailure(e, results, chunkStart, Math.max(i, knownSize));
                        }
                        chunkStart = i;
                    }
                }
            }
            if (owns) {
                c.commit();
            }
            return results;
        } catch (SQLException e) {
            Operations.rollbackQuietly(c, e, owns);
            throw Errors.translate(e);
        } catch (RuntimeException e) {
            Operations.rollbackQuietly(c, e, owns);
            throw e;
        } finally {
            if (owns) {
                Operations.restoreAutoCommit(c);
            }
            ops.release(c);
        }
    }

    private static BatchExecuteException batchFailure(BatchUpdateException e, List<ExecutionResult> done,
            int chunkStart, int total) {
        List<BatchStatementResult> results = new ArrayList<>(total);
        for (int i = 0; i < done.size(); i++) {
            results.add(new BatchStatementResult(i, BatchStatementResult.Status.SUCCEEDED,
                    done.get(i).affectedRowCount()));
        }
        long[] counts = e.getLargeUpdateCounts();
        boolean anySucceeded = false;
        for (long n : counts == null ? new long[0] : counts) {
            anySucceeded |= n != Statement.EXECUTE_FAILED;
        }
        if (!anySucceeded) {
            // Within a transaction the driver marks every entry failed; its message names the entry that was
            // ("Batch entry 2 ... was aborted"), and the entries before it ran.
            Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
            int entry = m.find() ? Integer.parseInt(m.group(1)) : 0;
            counts = new long[Math.max(0, Math.min(entry, total - chunkStart))];
            java.util.Arrays.fill(counts, Statement.SUCCESS_NO_INFO);
        }
        boolean failedSeen = false;
        for (int i = chunkStart; i < total; i++) {
            int k = i - chunkStart;
            if (k < counts.length && counts[k] != Statement.EXECUTE_FAILED && !failedSeen) {
                long n = counts[k] == Statement.SUCCESS_NO_INFO ? -1 : counts[k];
                results.add(new BatchStatementResult(i, BatchStatementResult.Status.SUCCEEDED, n));
            } else if (!failedSeen) {
                failedSeen = true;
                results.add(new BatchStatementResult(i, BatchStatementResult.Status.FAILED, 0));
            } else {
                results.add(new BatchStatementResult(i, BatchStatementResult.Status.NOT_EXECUTED, 0));
            }
        }
        SQLException server = e.getNextException() != null ? e.getNextException() : e;
        PostgresException translated = Errors.translate(server);
        int failed = -1;
        for (BatchStatementResult r : results) {
            if (r.status() == BatchStatementResult.Status.FAILED) {
                failed = r.index();
                break;
            }
        }
        return new BatchExecuteException("Statement " + failed + " of the batch failed, so the batch was rolled "
                + "back: " + translated.getMessage(), translated.sqlState(), results, server);
    }
}
