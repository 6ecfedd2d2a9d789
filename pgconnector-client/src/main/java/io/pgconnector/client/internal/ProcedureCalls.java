package io.pgconnector.client.internal;

import io.pgconnector.client.CallParameter;
import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.InOutParameter;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.ColumnReader;
import io.pgconnector.mapping.internal.ColumnReaders;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ParameterBinder;
import io.pgconnector.mapping.internal.RowMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Runs {@code call}s. The statement is an ordinary prepared statement, not a JDBC {@code CallableStatement}: OUT
 * arguments are bound as untyped NULLs (procedures) or left out (functions), and the row the server returns for the
 * OUT and INOUT arguments is read with the mapping layer, like any result column. That way every type of the type
 * model works as an OUT value without registering JDBC types, and {@code refcursor}s are fetched in batches rather
 * than all at once.
 */
final class ProcedureCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ProcedureCalls.class);
    private static final Cleaner CLEANER = Cleaner.create();
    /** "invalid transaction termination": a procedure that commits was called inside a transaction block. */
    private static final String INVALID_TRANSACTION_TERMINATION = "2D000";

    private ProcedureCalls() {
    }

    static ProcedureCallResult call(Operations ops, Sql sql) {
        Objects.requireNonNull(sql, "sql");
        for (Object v : sql.values()) {
            if (v instanceof CallParameter) {
                CallParameters.hook().reset((CallParameter<?>) v);
            }
        }
        Connection c = ops.acquire();
        boolean owns = ops.ownsConnections();
        Resources res = new Resources(ops, c, owns);
        try {
            if (owns) {
                // Cursors returned by the routine live until the end of the transaction: keep it open until close().
                c.setAutoCommit(false);
                res.transactional = true;
            }
            CallStatements.Prepared prepared = CallStatements.prepare(c, sql);
            CallResult result;
            try {
                result = execute(ops, res, prepared);
            } catch (SQLException e) {
                if (!owns || !INVALID_TRANSACTION_TERMINATION.equals(e.getSQLState())) {
                    throw e;
                }
                // The procedure commits or rolls back itself, which it may only do when CALL runs outside a
                // transaction block. Its work was rolled back with the error, so running it again is safe.
                LOG.debug("Re-running a call in autocommit mode: {}", e.getMessage());
                closeQuietly(res.statement);
                c.rollback();
                c.setAutoCommit(true);
                res.transactional = false;
                result = execute(ops, res, prepared);
            }
            return result;
        } catch (SQLException e) {
            res.failed = true;
            PostgresException translated = Errors.translate(e);
            res.finish(translated);
            throw translated;
        } catch (RuntimeException | Error e) {
            res.failed = true;
            res.finish(e);
            throw e;
        }
    }

    private static CallResult execute(Operations ops, Resources res, CallStatements.Prepared prepared)
            throws SQLException {
        PreparedStatement ps = res.connection.prepareStatement(prepared.text(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        res.statement = ps;
        ps.setFetchSize(ops.fetchSize());
        List<Object> values = prepared.values();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof InOutParameter) {
                ParameterBinder.bind(ops.codecs(), ps, i + 1, ((InOutParameter<?>) v).value());
            } else if (v instanceof CallParameter) {
                ParameterBinder.bind(ps, i + 1, null);
            } else {
                ParameterBinder.bind(ops.codecs(), ps, i + 1, v);
            }
        }
        boolean first = ps.execute();
        if (!res.owns) {
            // The end of the transaction closes the statement if the result was not closed.
            Operations.QueryResource tracked = new Operations.QueryResource(ops, res.connection, false);
            tracked.statement = ps;
            ops.opened(tracked);
        }
        CallResult result = new CallResult(ops.fetchSize(), ops.codecs(), res, prepared.markers(), first);
        result.advance();
        return result;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing is best effort; the connection's return to the pool closes what is left.
            }
        }
    }

    /**
     * What a call holds on the server, released exactly once: by {@code close()}, by a failed call, or by the
     * cleaner when the result is garbage-collected unclosed. It must not refer to the {@link CallResult}.
     */
    private static final class Resources implements Runnable {
        final Operations ops;
        final Connection connection;
        final boolean owns;
        volatile PreparedStatement statement;
        volatile boolean transactional;
        volatile boolean failed;
        private boolean finished;
        private boolean byUser;
        private PostgresException commitFailure;

        Resources(Operations ops, Connection connection, boolean owns) {
            this.ops = ops;
            this.connection = connection;
            this.owns = owns;
        }

        /** Releases after a failed call; problems while releasing are added to {@code cause}. */
        void finish(Throwable cause) {
            byUser = true;
            run();
            if (commitFailure != null) {
                cause.addSuppressed(commitFailure);
            }
        }

        /** Releases after {@code close()}; throws if the commit failed. */
        void close() {
            byUser = true;
            run();
            if (commitFailure != null) {
                throw commitFailure;
            }
        }

        @Override
        public synchronized void run() {
            if (finished) {
                return;
            }
            finished = true;
            if (!byUser) {
                LOG.warn("A ProcedureCallResult was never closed{}. Close call results with try-with-resources.",
                        owns ? "; its transaction was rolled back and its connection returned to the pool" : "");
                failed = true;
            }
            try {
                closeQuietly(statement);
                if (owns && transactional) {
                    if (failed) {
                        connection.rollback();
                    } else {
                        connection.commit();
                    }
                }
            } catch (SQLException e) {
                commitFailure = Errors.translate(e);
            } finally {
                if (owns) {
                    Operations.restoreAutoCommit(connection);
                    ops.release(connection);
                }
            }
        }
    }

    /** A source of rows: a result set of the statement, or a cursor. */
    private interface Source {
        <T> Stream<T> stream(Class<T> type) throws SQLException;

        void close();
    }

    private static final class CallResult implements ProcedureCallResult {
        private final int fetchSize;
        private final CodecRegistry codecs;
        private final Resources res;
        private final Cleaner.Cleanable cleanable;
        private final List<CallParameter<?>> markers;
        private final Deque<String> cursors = new ArrayDeque<>();
        private boolean firstPending;
        private final boolean firstIsResultSet;
        private boolean markersFilled;
        private boolean statementDone;
        private long updateCount = -1;
        private Source current;
        private boolean closed;

        CallResult(int fetchSize, CodecRegistry codecs, Resources res, List<CallParameter<?>> markers,
                boolean firstIsResultSet) {
            this.fetchSize = fetchSize;
            this.codecs = codecs;
            this.res = res;
            this.markers = markers;
            this.firstIsResultSet = firstIsResultSet;
            this.firstPending = true;
            this.markersFilled = markers.isEmpty();
            this.cleanable = CLEANER.register(this, res);
        }

        /** Moves to the next query result; fills the OUT parameters from the first result set on the way. */
        boolean advance() throws SQLException {
            if (current != null) {
                current.close();
                current = null;
            }
            while (true) {
                if (!cursors.isEmpty()) {
                    current = new CursorSource(cursors.poll());
                    return true;
                }
                if (statementDone) {
                    return false;
                }
                PreparedStatement ps = res.statement;
                boolean isResultSet = firstPending ? firstIsResultSet : ps.getMoreResults();
                firstPending = false;
                if (!isResultSet) {
                    long n = ps.getLargeUpdateCount();
                    if (n == -1) {
                        statementDone = true;
                        if (!markersFilled) {
                            markersFilled = true;
                            noValues(0, "the statement returned no row");
                        }
                    } else if (updateCount < 0) {
                        updateCount = n;
                    }
                    continue;
                }
                ResultSet rs = ps.getResultSet();
                if (!markersFilled) {
                    markersFilled = true;
                    fillMarkers(rs);
                    rs.close();
                    continue;
                }
                List<ColumnInfo> columns = RowMapper.columnsOf(rs.getMetaData());
                if (allRefcursors(columns)) {
                    while (rs.next()) {
                        for (int i = 1; i <= columns.size(); i++) {
                            String name = rs.getString(i);
                            if (name != null) {
                                cursors.add(name);
                            }
                        }
                    }
                    rs.close();
                    continue;
                }
                current = new ResultSetSource(rs);
                return true;
            }
        }

        private void fillMarkers(ResultSet rs) throws SQLException {
            List<ColumnInfo> columns = RowMapper.columnsOf(rs.getMetaData());
            if (!rs.next()) {
                noValues(0, "the statement returned no row");
                return;
            }
            CallParameters.Hook hook = CallParameters.hook();
            int n = Math.min(columns.size(), markers.size());
            for (int i = 0; i < n; i++) {
                CallParameter<?> p = markers.get(i);
                ColumnInfo column = columns.get(i);
                try {
                    ColumnReader reader = ColumnReaders.plan(codecs, column, p.type(),
                            "OUT/INOUT parameter " + (i + 1));
                    hook.complete(p, reader.read(rs, i + 1));
                } catch (RuntimeException e) {
                    hook.fail(p, e);
                }
                if ("refcursor".equals(column.pgType())) {
                    String name = rs.getString(i + 1);
                    if (name != null) {
                        cursors.add(name);
                    }
                }
            }
            noValues(n, "the statement returned " + columns.size() + " OUT/INOUT value(s) but has "
                    + markers.size() + " OUT/INOUT parameter(s); check the routine's OUT and INOUT arguments");
        }

        private void noValues(int from, String reason) {
            for (int i = from; i < markers.size(); i++) {
                CallParameters.hook().noValue(markers.get(i), reason);
            }
        }

        private static boolean allRefcursors(List<ColumnInfo> columns) {
            for (ColumnInfo c : columns) {
                if (!"refcursor".equals(c.pgType())) {
                    return false;
                }
            }
            return !columns.isEmpty();
        }

        @Override
        public ExecutionResult executionResult() {
            return new ExecutionResult(Math.max(updateCount, 0), null);
        }

        @Override
        public boolean hasQueryResult() {
            checkOpen();
            return current != null;
        }

        @Override
        public <T> Stream<T> queryResult(Class<T> type) {
            Objects.requireNonNull(type, "type");
            checkOpen();
            if (current == null) {
                return Stream.empty();
            }
            try {
                return current.stream(type);
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Stream<Map<String, Object>> queryResult() {
            return (Stream) queryResult(Map.class);
        }

        @Override
        public boolean nextQueryResult() {
            checkOpen();
            try {
                return advance();
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                current.close();
                current = null;
            }
            try {
                res.close();
            } finally {
                cleanable.clean();
            }
        }

        private PostgresException failure(SQLException e) {
            res.failed = true;
            return Errors.translate(e);
        }

        private void checkOpen() {
            if (closed) {
                throw new ClientClosedException("This ProcedureCallResult is closed; read its results before "
                        + "closing it");
            }
        }

        @Override
        public String toString() {
            return "ProcedureCallResult[" + (closed ? "closed" : current != null ? "query result" : "no query result")
                    + "]";
        }

        /** Streams the rows of a result set; each {@code stream} call continues where the previous one stopped. */
        private final class ResultSetSource implements Source {
            private final ResultSet rs;
            private boolean exhausted;

            ResultSetSource(ResultSet rs) {
                this.rs = rs;
            }

            @Override
            public <T> Stream<T> stream(Class<T> type) throws SQLException {
                RowMapper<T> mapper = RowMapper.forResultSet(type, rs, codecs);
                return rows(() -> {
                    if (exhausted || !rs.next()) {
                        exhausted = true;
                        return null;
                    }
                    return mapper.read(rs);
                });
            }

            @Override
            public void close() {
                closeQuietly(rs);
            }
        }

        /** Streams a cursor's rows with {@code FETCH FORWARD n}, so that a large cursor needs little memory. */
        private final class CursorSource implements Source {
            private final String fetch;
            private Statement statement;
            private ResultSet batch;
            private int batchRows;
            private boolean lastBatch;
            private boolean exhausted;

            CursorSource(String cursor) {
                String quoted = "\"" + cursor.replace("\"", "\"\"") + "\"";
                this.fetch = fetchSize > 0 ? "FETCH FORWARD " + fetchSize + " FROM " + quoted
                        : "FETCH ALL FROM " + quoted;
            }

            private boolean nextBatch() throws SQLException {
                if (lastBatch) {
                    return false;
                }
                if (statement == null) {
                    statement = res.connection.createStatement();
                }
                batch = statement.executeQuery(fetch);
                batchRows = 0;
                lastBatch = fetchSize <= 0;
                return true;
            }

            @Override
            public <T> Stream<T> stream(Class<T> type) throws SQLException {
                if (batch == null && !exhausted) {
                    nextBatch();
                }
                if (batch == null) {
                    return Stream.empty();
                }
                RowMapper<T> mapper = RowMapper.forResultSet(type, batch, codecs);
                return rows(() -> {
                    while (!exhausted) {
                        if (batch.next()) {
                            batchRows++;
                            return mapper.read(batch);
                        }
                        if (batchRows < fetchSize || !nextBatch()) {
                            exhausted = true;
                        }
                    }
                    return null;
                });
            }

            @Override
            public void close() {
                closeQuietly(batch);
                closeQuietly(statement);
            }
        }

        private interface RowSupplier<T> {
            /** Returns the next row, or null at the end. */
            T next() throws SQLException;
        }

        private <T> Stream<T> rows(RowSupplier<T> supplier) {
            Spliterator<T> rows = new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE,
                    Spliterator.ORDERED | Spliterator.NONNULL) {
                @Override
                public boolean tryAdvance(Consumer<? super T> action) {
                    if (closed) {
                        return false;
                    }
                    T row;
                    try {
                        row = supplier.next();
                    } catch (SQLException e) {
                        throw failure(e);
                    }
                    if (row == null) {
                        return false;
                    }
                    action.accept(row);
                    return true;
                }
            };
            return StreamSupport.stream(rows, false);
        }
    }
}
