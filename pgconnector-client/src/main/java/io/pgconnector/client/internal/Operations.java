package io.pgconnector.client.internal;

import io.pgconnector.client.CopyOptions;
import io.pgconnector.client.CopyResult;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.client.Row;
import io.pgconnector.client.SqlOperations;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ParameterBinder;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The SQL verbs, written once over a source of connections: the pool (each call borrows and returns a connection,
 * in autocommit mode) or a transaction (every call uses its connection).
 */
abstract class Operations implements SqlOperations {
    private static final String[] NO_KEYS = new String[0];
    private final int fetchSize;
    private final CodecRegistry codecs;
    private final StatementCache statements;

    Operations(int fetchSize, CodecRegistry codecs) {
        this(fetchSize, codecs, StatementCache.NONE);
    }

    Operations(int fetchSize, CodecRegistry codecs, StatementCache statements) {
        this.fetchSize = fetchSize;
        this.codecs = codecs;
        this.statements = statements;
    }

    /** Returns the statements kept per connection for the verbs that read or write in one call. */
    StatementCache statements() {
        return statements;
    }

    /** Returns the codecs that bind parameters and read columns. */
    CodecRegistry codecs() {
        return codecs;
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
        return openStream(Arguments.required(sql, "sql", "query"), RowSource.of(Arguments.required(type, "type",
                "query")));
    }

    @Override
    public <T> Stream<T> query(Sql sql, Function<? super Row, ? extends T> mapper) {
        return openStream(Arguments.required(sql, "sql", "query"), RowSource.of(Arguments.required(mapper, "mapper",
                "query")));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Stream<Map<String, Object>> query(Sql sql) {
        return (Stream) openStream(Arguments.required(sql, "sql", "query"), RowSource.of(Map.class));
    }

    private <T> Stream<T> openStream(Sql sql, RowSource<T> source) {
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
                bindAll(codecs, ps, sql.values(), false);
                rs = ps.executeQuery();
            } catch (SQLException e) {
                if (!owns || !jsonIntegerRetry(e, sql)) {
                    throw e;
                }
                c.rollback();
                bindAll(codecs, ps, sql.values(), true);
                rs = ps.executeQuery();
            }
            resource.resultSet = rs;
            ResultSet rows0 = rs;
            RowSource.Reader<T> mapper = source.open(rs, sql.text(), codecs);
            opened(resource);
            return resource.stream(() -> rows0.next() ? mapper.read(rows0) : QueryResource.END);
        } catch (SQLException | RuntimeException e) {
            throw resource.failed(e);
        }
    }

    @Override
    public <T> T queryRow(Sql sql, Class<T> type) {
        return Lookups.row(this, Arguments.required(sql, "sql", "queryRow"),
                RowSource.of(Arguments.required(type, "type", "queryRow")));
    }

    @Override
    public <T> T queryRow(Sql sql, Function<? super Row, ? extends T> mapper) {
        return Lookups.row(this, Arguments.required(sql, "sql", "queryRow"),
                RowSource.of(Arguments.required(mapper, "mapper", "queryRow")));
    }

    @Override
    public <T> Optional<T> queryOptional(Sql sql, Class<T> type) {
        return Lookups.optional(this, Arguments.required(sql, "sql", "queryOptional"),
                RowSource.of(Arguments.required(type, "type", "queryOptional")));
    }

    @Override
    public <T> Optional<T> queryOptional(Sql sql, Function<? super Row, ? extends T> mapper) {
        return Lookups.optional(this, Arguments.required(sql, "sql", "queryOptional"),
                RowSource.of(Arguments.required(mapper, "mapper", "queryOptional")));
    }

    @Override
    public <T> List<T> queryList(Sql sql, Class<T> type, int maxRows) {
        return Lookups.list(this, Arguments.required(sql, "sql", "queryList"),
                RowSource.of(Arguments.required(type, "type", "queryList")), maxRows);
    }

    @Override
    public <T> List<T> queryList(Sql sql, Function<? super Row, ? extends T> mapper, int maxRows) {
        return Lookups.list(this, Arguments.required(sql, "sql", "queryList"),
                RowSource.of(Arguments.required(mapper, "mapper", "queryList")), maxRows);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> queryRow(Sql sql) {
        return queryRow(sql, Map.class);
    }

    @Override
    public ExecutionResult execute(Sql sql) {
        Arguments.required(sql, "sql", "execute");
        Connection c = acquire();
        try {
            try {
                return executeOn(c, sql, false);
            } catch (SQLException e) {
                if (ownsConnections() && jsonIntegerRetry(e, sql)) {
                    return executeOn(c, sql, true);
                }
                if (InsertStatements.forgetStaleKeyColumns(c, sql.text(), e) && ownsConnections()) {
                    return executeOn(c, sql, false); // the table was recreated: once more with its present columns
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Errors.translate(e);
        } finally {
            release(c);
        }
    }

    private ExecutionResult executeOn(Connection c, Sql sql, boolean untypedIntegers) throws SQLException {
        String[] keyColumns = "INSERT".equals(SqlScanner.parse(sql.text()).firstKeyword())
                ? InsertStatements.generatedKeyColumns(c, sql.text()) : NO_KEYS;
        boolean wantsKey = keyColumns.length > 0;
        return statements.run(c, sql.text(), wantsKey ? StatementCache.Use.KEYS : StatementCache.Use.PLAIN,
                keyColumns, ps -> {
                    if (ps.getMaxRows() != 0) {
                        // A kept statement may come from a lookup of the same text, which limits its rows.
                        ps.setMaxRows(0);
                    }
                    bindAll(codecs, ps, sql.values(), untypedIntegers);
                    return GeneratedKeys.execute(ps, wantsKey);
                });
    }

    @Override
    public <T> CopyResult copyIn(String table, Class<T> type, Stream<? extends T> rows, CopyOptions options) {
        Arguments.required(table, "table", "copyIn");
        Arguments.required(type, "type", "copyIn");
        Arguments.required(rows, "rows", "copyIn");
        return Copies.copyIn(this, table, type, rows, options);
    }

    @Override
    public CopyResult copyIn(String table, List<String> columns, Stream<? extends List<?>> rows,
            CopyOptions options) {
        Arguments.required(table, "table", "copyIn");
        Arguments.required(columns, "columns", "copyIn");
        Arguments.required(rows, "rows", "copyIn");
        return Copies.copyIn(this, table, columns, rows, options);
    }

    @Override
    public <T> Stream<T> copyOut(Sql query, Class<T> type, CopyOptions options) {
        Arguments.required(query, "query", "copyOut");
        Arguments.required(type, "type", "copyOut");
        return Copies.copyOut(this, query, type, options);
    }

    @Override
    public <T> Stream<T> copyOut(Sql query, Function<? super Row, ? extends T> mapper, CopyOptions options) {
        Arguments.required(query, "query", "copyOut");
        Arguments.required(mapper, "mapper", "copyOut");
        return Copies.copyOut(this, query, mapper, options);
    }

    @Override
    public ProcedureCallResult call(Sql sql) {
        return ProcedureCalls.call(this, Arguments.required(sql, "sql", "call"));
    }

    @Override
    public List<ExecutionResult> batchExecute(List<Sql> statements) {
        return Batches.run(this, statements);
    }

    @Override
    public List<ExecutionResult> batchExecute(String sql, Stream<? extends List<?>> rows) {
        return Batches.run(this, Arguments.required(sql, "sql", "batchExecute"),
                Arguments.required(rows, "rows", "batchExecute"));
    }

    static void bindAll(CodecRegistry codecs, PreparedStatement ps, List<?> values, boolean untypedIntegers)
            throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (untypedIntegers && (v instanceof Long || v instanceof Integer || v instanceof Short)) {
                ParameterBinder.bindUntyped(ps, i + 1, v);
            } else {
                ParameterBinder.bind(codecs, ps, i + 1, v);
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
        /** What {@link NextRow#next} returns when there is no row left (a row itself may be null). */
        static final Object END = new Object();

        /** Reads the next row of an open result. */
        @FunctionalInterface
        interface NextRow {
            /**
             * Returns the next row, or {@link #END}.
             *
             * @throws SQLException if reading fails
             */
            Object next() throws SQLException;
        }

        /**
         * Streams the rows that {@code next} reads: the stream ends at {@link #END} (and this resource is closed
         * then), closing the stream closes this resource, and a failure while reading closes it and is thrown as
         * the client's exception.
         *
         * @param next reads one row
         * @param <T>  the row type
         * @return the rows
         */
        @SuppressWarnings("unchecked")
        <T> java.util.stream.Stream<T> stream(NextRow next) {
            Spliterator<T> rows = new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
                @Override
                public boolean tryAdvance(Consumer<? super T> action) {
                    if (closed) {
                        return false;
                    }
                    Object row;
                    try {
                        row = next.next();
                        if (row == END) {
                            close();
                            return false;
                        }
                    } catch (SQLException | RuntimeException e) {
                        throw failed(e);
                    }
                    action.accept((T) row);
                    return true;
                }
            };
            return StreamSupport.stream(rows, false).onClose(this::close);
        }

        private final Operations owner;
        private final Connection connection;
        private final boolean ownsConnection;
        PreparedStatement statement;
        ResultSet resultSet;
        /** A COPY TO still sending rows, read to its end when the stream is closed early. */
        org.postgresql.copy.CopyOperation copy;
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
                if (copy instanceof org.postgresql.copy.CopyOut) {
                    // A cancel request races with the end of the COPY and may hit the connection's next statement;
                    // reading the rest to the end is the one safe way to stop early.
                    while (copy.isActive() && ((org.postgresql.copy.CopyOut) copy).readFromCopy() != null) {
                        continue;
                    }
                }
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
