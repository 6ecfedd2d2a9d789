package io.pgconnector.client.internal;

import io.pgconnector.client.BatchExecuteException;
import io.pgconnector.client.BatchStatementResult;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.InvalidStatementException;
import io.pgconnector.client.NoRowsException;
import io.pgconnector.client.PostgresException;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.client.SqlOperations;
import io.pgconnector.mapping.internal.MapperCache;
import io.pgconnector.mapping.internal.ParameterBinder;
import io.pgconnector.mapping.internal.RowMapper;
import org.postgresql.util.PSQLException;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The SQL verbs, written once over a source of connections: the pool (each call borrows and returns a connection,
 * in autocommit mode) or a transaction (every call uses its connection).
 */
abstract class Operations implements SqlOperations {
    private static final int BATCH_CHUNK = 1000;
    private static final java.util.regex.Pattern BATCH_ENTRY = java.util.regex.Pattern.compile("(\\d+)");

    private final int fetchSize;

    Operations(int fetchSize) {
        this.fetchSize = fetchSize;
    }

    /** Returns the number of rows a stream fetches per round trip. */
    int fetchSize() {
        return fetchSize;
    }

    /** Returns a connection for one call. */
    abstract Connection acquire();

    /** Gives back a connection obtained from {@link #acquire()}. */
    abstract void release(Connection c);

    /** True when each call owns its connection (pool, autocommit), false inside a transaction. */
    abstract boolean ownsConnections();

    /** Remembers an open stream so that the end of a transaction can close it. */
    void opened(QueryResource resource) {
    }

    @Override
    public <T> Stream<T> query(Sql sql, Class<T> type) {
        return openStream(sql, type);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Stream<Map<String, Object>> query(Sql sql) {
        return (Stream) openStream(sql, Map.class);
    }

    private <T> Stream<T> openStream(Sql sql, Class<T> type) {
        Connection c = acquire();
        boolean owns = ownsConnections();
        QueryResource resource = new QueryResource(this, c, owns);
        try {
            if (owns) {
                // A cursor (fetch size) needs a transaction; without one the driver reads the whole result.
                c.setAutoCommit(false);
            }
            PreparedStatement ps = c.prepareStatement(sql.text(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            resource.statement = ps;
            ps.setFetchSize(fetchSize);
            ResultSet rs;
            try {
                bindAll(ps, sql.values(), false);
                rs = ps.executeQuery();
            } catch (SQLException e) {
                if (!owns || !jsonIntegerRetry(e, sql)) {
                    throw e;
                }
                c.rollback();
                bindAll(ps, sql.values(), true);
                rs = ps.executeQuery();
            }
            resource.resultSet = rs;
            ResultSet rows0 = rs;
            RowMapper<T> mapper = MapperCache.forResultSet(type, rs, sql.text());
            opened(resource);
            Spliterator<T> rows = new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
                @Override
                public boolean tryAdvance(Consumer<? super T> action) {
                    if (resource.closed) {
                        return false;
                    }
                    T row;
                    try {
                        if (!rows0.next()) {
                            resource.close();
                            return false;
                        }
                        row = mapper.read(rows0);
                    } catch (SQLException | RuntimeException e) {
                        throw resource.failed(e);
                    }
                    action.accept(row);
                    return true;
                }
            };
            return StreamSupport.stream(rows, false).onClose(resource::close);
        } catch (SQLException | RuntimeException e) {
            throw resource.failed(e);
        }
    }

    @Override
    public <T> T queryRow(Sql sql, Class<T> type) {
        Connection c = acquire();
        try {
            try {
                return queryRowOn(c, sql, type, false);
            } catch (SQLException e) {
                if (ownsConnections() && jsonIntegerRetry(e, sql)) {
                    return queryRowOn(c, sql, type, true);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Errors.translate(e);
        } finally {
            release(c);
        }
    }

    private static <T> T queryRowOn(Connection c, Sql sql, Class<T> type, boolean untypedIntegers)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            bindAll(ps, sql.values(), untypedIntegers);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                RowMapper<T> mapper = MapperCache.forResultSet(type, rs, sql.text());
                if (!rs.next()) {
                    throw new NoRowsException("The query returned no rows: " + abbreviate(sql.text()));
                }
                return mapper.read(rs);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> queryRow(Sql sql) {
        return queryRow(sql, Map.class);
    }

    @Override
    public ExecutionResult execute(Sql sql) {
        Connection c = acquire();
        try {
            try {
                return executeOn(c, sql, false);
            } catch (SQLException e) {
                if (ownsConnections() && jsonIntegerRetry(e, sql)) {
                    return executeOn(c, sql, true);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Errors.translate(e);
        } finally {
            release(c);
        }
    }

    private static ExecutionResult executeOn(Connection c, Sql sql, boolean untypedIntegers) throws SQLException {
        String[] keyColumns = "INSERT".equals(SqlScanner.firstKeyword(sql.text()))
                ? InsertStatements.generatedKeyColumns(c, sql.text()) : new String[0];
        boolean wantsKey = keyColumns.length > 0;
        try (PreparedStatement ps = wantsKey ? c.prepareStatement(sql.text(), keyColumns)
                : c.prepareStatement(sql.text())) {
            bindAll(ps, sql.values(), untypedIntegers);
            return GeneratedKeys.execute(ps, wantsKey);
        }
    }

    @Override
    public ProcedureCallResult call(Sql sql) {
        return ProcedureCalls.call(this, sql);
    }

    @Override
    public List<ExecutionResult> batchExecute(List<Sql> statements) {
        if (statements == null || statements.isEmpty()) {
            throw new InvalidStatementException("batchExecute needs at least one statement", "07001");
        }
        String text = statements.get(0).text();
        for (int i = 1; i < statements.size(); i++) {
            if (!statements.get(i).text().equals(text)) {
                throw new InvalidStatementException("All statements of a batch must have the same text; statement "
                        + i + " differs from statement 0: " + abbreviate(statements.get(i).text()), "42601");
            }
        }
        Iterator<Sql> it = statements.iterator();
        return runBatch(text, new Iterator<List<?>>() {
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

    @Override
    public List<ExecutionResult> batchExecute(String sql, Stream<? extends List<?>> rows) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(rows, "rows");
        int placeholders = SqlScanner.placeholderPositions(sql).length;
        Iterator<? extends List<?>> source = rows.iterator();
        if (!source.hasNext()) {
            throw new InvalidStatementException("batchExecute needs at least one row of values", "07001");
        }
        return runBatch(sql, new Iterator<List<?>>() {
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
    private List<ExecutionResult> runBatch(String text, Iterator<List<?>> rows, int knownSize) {
        String copy = knownSize < 0 || knownSize >= CopyBatch.MIN_ROWS ? InsertStatements.copyCommand(text) : null;
        Connection c = acquire();
        boolean owns = ownsConnections();
        List<ExecutionResult> results = new ArrayList<>(Math.max(knownSize, 16));
        try {
            if (copy != null) {
                // One COPY is atomic by itself, inside or outside a transaction.
                return CopyBatch.run(c, copy, rows, knownSize);
            }
            if (owns) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement(text)) {
                int chunkStart = 0;
                int i = 0;
                while (rows.hasNext()) {
                    bindAll(ps, rows.next(), false);
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
            rollbackQuietly(c, e, owns);
            throw Errors.translate(e);
        } catch (RuntimeException e) {
            rollbackQuietly(c, e, owns);
            throw e;
        } finally {
            if (owns) {
                restoreAutoCommit(c);
            }
            release(c);
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
            java.util.regex.Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
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

    static void bindAll(PreparedStatement ps, List<?> values, boolean untypedIntegers) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (untypedIntegers && (v instanceof Long || v instanceof Integer || v instanceof Short)) {
                ParameterBinder.bindUntyped(ps, i + 1, v);
            } else {
                ParameterBinder.bind(ps, i + 1, v);
            }
        }
    }

    /**
     * Tells whether a failure is the "operator does not exist: jsonb @> bigint" kind: an integer parameter compared
     * with a json value. Sent untyped, the server infers a json literal, so the statement is worth one retry.
     */
    static boolean jsonIntegerRetry(SQLException e, Sql sql) {
        if (!(e instanceof PSQLException) || !"42883".equals(e.getSQLState()) || e.getMessage() == null
                || !e.getMessage().contains("json")) {
            return false;
        }
        for (Object v : sql.values()) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                return true;
            }
        }
        return false;
    }

    static void rollbackQuietly(Connection c, Throwable cause, boolean owns) {
        if (!owns) {
            return;
        }
        try {
            if (c.getAutoCommit()) {
                return;
            }
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The pool resets or evicts a connection that cannot be reset.
        }
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The statement, result set and (for pooled calls) connection behind an open query stream. */
    static final class QueryResource {
        private final Operations owner;
        private final Connection connection;
        private final boolean ownsConnection;
        PreparedStatement statement;
        ResultSet resultSet;
        volatile boolean closed;

        QueryResource(Operations owner, Connection connection, boolean ownsConnection) {
            this.owner = owner;
            this.connection = connection;
            this.ownsConnection = ownsConnection;
        }

        /** Closes after success: commits the stream's own transaction. */
        void close() {
            finish(true);
        }

        /** Closes after a failure: rolls back the stream's own transaction. */
        void fail() {
            finish(false);
        }

        /** Closes after a failure and returns the exception to throw. */
        RuntimeException failed(Exception e) {
            fail();
            return e instanceof SQLException ? Errors.translate((SQLException) e) : (RuntimeException) e;
        }

        private synchronized void finish(boolean commit) {
            if (closed) {
                return;
            }
            closed = true;
            PostgresException failure = null;
            try {
                if (resultSet != null) {
                    resultSet.close();
                }
                if (statement != null) {
                    statement.close();
                }
                if (ownsConnection) {
                    if (commit) {
                        connection.commit();
                    } else {
                        connection.rollback();
                    }
                }
            } catch (SQLException e) {
                failure = Errors.translate(e);
            } finally {
                if (ownsConnection) {
                    restoreAutoCommit(connection);
                    owner.release(connection);
                }
            }
            if (failure != null && commit) {
                throw failure;
            }
        }
    }
}
