package io.pgconnector.pipeline.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.CopyOptions;
import io.pgconnector.client.CopyResult;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.IsolationLevel;
import io.pgconnector.client.PoolStats;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.ReplicaReads;
import io.pgconnector.client.Row;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TransactionCallback;
import io.pgconnector.client.TransactionOptions;
import io.pgconnector.client.internal.DefaultPostgresClient;
import io.pgconnector.client.internal.Errors;
import io.pgconnector.client.internal.Pools;
import io.pgconnector.client.spi.ClientObserver;
import io.pgconnector.client.internal.SqlScanner;
import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.NoRowsException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.errors.TooManyRowsException;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.RowMapper;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The pipelined client: lookups and simple updates go through a pipelined Vert.x client when their types allow
 * (see {@link Plan}); everything else, and every statement outside that set, goes to the JDBC client built from the
 * same settings. Rows are mapped by pgconnector's {@link RowMapper}, errors translated by pgconnector's
 * {@link Errors}, exactly as on the JDBC engine.
 */
public final class PipelinedOperations implements PostgresClient {
    private static final int PLAN_LIMIT = 4096;
    /** A year before PostgreSQL's earliest timestamp (4713 BC): only -infinity decodes to it. */
    private static final int BEFORE_POSTGRES = -5000;

    private final PostgresClient jdbc;
    /** The JDBC client's codecs (built-in, ServiceLoader, registered), so that both engines read values alike. */
    private final CodecRegistry codecs;
    private final Vertx vertx;
    private final SqlClient pipelined;
    private final PipelinedConnect connect;
    private final long timeoutMillis;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder pipelinedCount = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closed;

    private PipelinedOperations(PostgresClient jdbc, Vertx vertx, SqlClient pipelined, PipelinedConnect connect,
            long timeoutMillis) {
        this.connect = connect;
        this.jdbc = jdbc;
        this.codecs = jdbc instanceof DefaultPostgresClient ? ((DefaultPostgresClient) jdbc).codecRegistry()
                : CodecRegistry.BUILT_IN;
        this.vertx = vertx;
        this.pipelined = pipelined;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Opens both engines.
     *
     * @param b               the settings
     * @param connections     pipelined connections
     * @param pipeliningLimit statements in flight per connection
     * @return the client
     */
    public static PostgresClient open(PostgresClient.Builder b, int connections, int pipeliningLimit) {
        ClientOptions o = b.options();
        PipelinedConnect connect = PipelinedConnect.of(b, pipeliningLimit);
        long timeout = o.socketTimeout().isZero() ? Long.MAX_VALUE : o.socketTimeout().toMillis();
        Vertx vertx = Vertx.vertx();
        SqlClient pipelined = null;
        PostgresClient jdbc = null;
        try {
            pipelined = connect.client(vertx, connections);
            // The pipelined engine connects first, so that a refused connection is reported as this engine saw it.
            awaitConnected(pipelined.query("SELECT 1").execute(), b, connect, timeout);
            // The JDBC engine is built without the observer: the pipelined client as a whole is observed instead,
            // so each call is seen once whichever engine runs it.
            ClientObserver observer = b.observer();
            b.observer(null);
            try {
                jdbc = b.build();
            } finally {
                b.observer(observer);
            }
            PipelinedOperations ops = new PipelinedOperations(jdbc, vertx, pipelined, connect, timeout);
            return jdbc instanceof DefaultPostgresClient ? ((DefaultPostgresClient) jdbc).observed(ops, b) : ops;
        } catch (RuntimeException | Error e) {
            if (pipelined != null) {
                pipelined.close();
            }
            vertx.close();
            if (jdbc != null) {
                jdbc.close();
            }
            throw e;
        }
    }

    /** Waits for the first connection; a failure reads like the JDBC engine's failure to connect. */
    private static void awaitConnected(io.vertx.core.Future<?> first, PostgresClient.Builder b,
            PipelinedConnect connect, long timeoutMillis) {
        String context = "Could not connect to PostgreSQL as " + Pools.describe(b);
        try {
            first.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw Errors.translate(sqlException(connect.explain(e.getCause()), "08001"), context);
        } catch (TimeoutException e) {
            throw Errors.translate(new SQLException("No answer from the server within the socket timeout of "
                    + timeoutMillis + " ms", "08001", e), context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException(context + ": interrupted", null, e);
        }
    }

    // ---- the pipelined verbs

    @Override
    public <T> T queryRow(Sql sql, Class<T> type) {
        List<T> rows = rows(sql, RowsOf.type(codecs, required(type, "type", "queryRow")), 1, "queryRow");
        return rows == null ? jdbc.queryRow(sql, type) : one(rows, sql);
    }

    @Override
    public <T> T queryRow(Sql sql, Function<? super Row, ? extends T> mapper) {
        List<T> rows = rows(sql, RowsOf.mapper(codecs, required(mapper, "mapper", "queryRow")), 1, "queryRow");
        return rows == null ? jdbc.queryRow(sql, mapper) : one(rows, sql);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> queryRow(Sql sql) {
        return queryRow(sql, Map.class);
    }

    @Override
    public <T> Optional<T> queryOptional(Sql sql, Class<T> type) {
        List<T> rows = rows(sql, RowsOf.type(codecs, required(type, "type", "queryOptional")), 1, "queryOptional");
        if (rows == null) {
            return jdbc.queryOptional(sql, type);
        }
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    @Override
    public <T> Optional<T> queryOptional(Sql sql, Function<? super Row, ? extends T> mapper) {
        List<T> rows = rows(sql, RowsOf.mapper(codecs, required(mapper, "mapper", "queryOptional")), 1, "queryOptional");
        if (rows == null) {
            return jdbc.queryOptional(sql, mapper);
        }
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    @Override
    public <T> List<T> queryList(Sql sql, Class<T> type, int maxRows) {
        List<T> rows = list(sql, RowsOf.type(codecs, required(type, "type", "queryList")), maxRows);
        return rows == null ? jdbc.queryList(sql, type, maxRows) : rows;
    }

    @Override
    public <T> List<T> queryList(Sql sql, Function<? super Row, ? extends T> mapper, int maxRows) {
        List<T> rows = list(sql, RowsOf.mapper(codecs, required(mapper, "mapper", "queryList")), maxRows);
        return rows == null ? jdbc.queryList(sql, mapper, maxRows) : rows;
    }

    @Override
    public ExecutionResult execute(Sql sql) {
        required(sql, "sql", "execute");
        String keyword = SqlScanner.parse(sql.text()).firstKeyword();
        Plan plan = ("UPDATE".equals(keyword) || "DELETE".equals(keyword)) ? plan(sql) : null;
        if (plan == null || plan.pipelinedText == null || plan.returnsRows) {
            return jdbc.execute(sql);
        }
        RowSet<io.vertx.sqlclient.Row> result = run(plan, sql);
        return new ExecutionResult(Math.max(0, result.rowCount()), null);
    }

    private static <T> T one(List<T> rows, Sql sql) {
        if (rows.isEmpty()) {
            throw new NoRowsException("The query returned no rows: " + abbreviate(sql.text()));
        }
        return rows.get(0);
    }

    private <T> List<T> list(Sql sql, RowsOf<T> reader, int maxRows) {
        if (maxRows < 1 || maxRows == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxRows must be between 1 and " + (Integer.MAX_VALUE - 1) + ": "
                    + maxRows);
        }
        List<T> rows = rows(sql, reader, maxRows + 1, "queryList");
        if (rows == null) {
            return null;
        }
        if (rows.size() > maxRows) {
            throw new TooManyRowsException("The query returned more than " + maxRows + " rows, the limit of "
                    + "queryList: " + abbreviate(sql.text()) + ". Stream the rows with query(...), "
                    + "narrow the query, or pass a larger maxRows.");
        }
        return Collections.unmodifiableList(rows);
    }

    /** Reads at most {@code limit} rows on the pipelined engine; null when the statement belongs to the JDBC one. */
    private <T> List<T> rows(Sql sql, RowsOf<T> reader, int limit, String verb) {
        required(sql, "sql", verb);
        Plan plan = plan(sql);
        if (plan.pipelinedText == null || !plan.returnsRows) {
            return null;
        }
        RowSet<io.vertx.sqlclient.Row> result;
        try {
            result = run(plan, sql);
        } catch (Undecodable e) {
            // The pipelined engine could not decode a value (Vert.x has no numeric infinity): this statement text is
            // a read, so it runs again on the JDBC engine, which reads every value; and stays there from now on.
            plans.put(sql.text(), Plan.jdbcOnly(sql.values()));
            return null;
        }
        List<T> rows = new ArrayList<>(Math.min(limit, Math.max(1, result.size())));
        RowsOf.Reader<T> read = plan.reader(reader);
        Object[] values = new Object[plan.columns.size()];
        for (io.vertx.sqlclient.Row row : result) {
            if (rows.size() == limit) {
                break;
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = javaValue(row.getValue(i));
            }
            rows.add(read.read(values.clone()));
        }
        return rows;
    }

    /** The value as pgjdbc hands it to pgconnector: numerics as {@code BigDecimal}, the rest as Vert.x decodes it. */
    private static Object javaValue(Object v) {
        if (v instanceof Numeric) {
            Numeric n = (Numeric) v;
            if (n.isNaN() || Double.isInfinite(n.doubleValue())) {
                // Their text form, which pgconnector reads into Double or String and refuses as BigDecimal.
                return n.isNaN() ? "NaN" : n.doubleValue() > 0 ? "Infinity" : "-Infinity";
            }
            return n.bigDecimalValue();
        }
        // Vert.x decodes -infinity timestamps as the raw minimum (year -290278); pgjdbc gives MIN, as for +infinity.
        if (v instanceof LocalDateTime && ((LocalDateTime) v).getYear() < BEFORE_POSTGRES) {
            return LocalDateTime.MIN;
        }
        if (v instanceof OffsetDateTime && ((OffsetDateTime) v).getYear() < BEFORE_POSTGRES) {
            return OffsetDateTime.MIN;
        }
        return v;
    }

    private Plan plan(Sql sql) {
        checkOpen();
        Plan p = plans.get(sql.text());
        if (p != null && p.fits(sql.values())) {
            return p;
        }
        for (Object v : sql.values()) {
            if (v instanceof String && hasSurrogate((String) v)) {
                // pgconnector refuses an unpaired surrogate with a ConversionException; the JDBC engine says so.
                return Plan.jdbcOnly(sql.values());
            }
        }
        DataSource ds = jdbc.dataSource();
        try (Connection c = ds.getConnection()) {
            p = Plan.describe(c, sql, codecs);
        } catch (SQLException e) {
            // Not described (a syntax error, say): the JDBC engine runs it and reports the error as usual.
            p = Plan.jdbcOnly(sql.values());
        }
        if (plans.size() >= PLAN_LIMIT) {
            plans.clear();
        }
        plans.put(sql.text(), p);
        return p;
    }

    private RowSet<io.vertx.sqlclient.Row> run(Plan plan, Sql sql) {
        List<Object> values = sql.values();
        Object[] params = new Object[values.size()];
        for (int i = 0; i < params.length; i++) {
            Object v = values.get(i);
            params[i] = v instanceof BigDecimal ? Numeric.create((BigDecimal) v) : v;
        }
        pipelinedCount.increment();
        Waiter<RowSet<io.vertx.sqlclient.Row>> waiter = new Waiter<>();
        // Called from the caller's thread. Handing the call to a fixed Vert.x context per connection instead (so that
        // the pool would not make a context per call) was measured: more event-loop wake-ups and more CPU per query.
        pipelined.preparedQuery(plan.pipelinedText).execute(Tuple.wrap(params)).onComplete(waiter);
        return await(waiter, sql.text());
    }

    /**
     * The outcome of one statement, handed from the event loop to the blocked caller: the caller parks until the
     * event loop stores the result and unparks it (one wake-up, without the CompletionStage and CompletableFuture
     * made per statement to wait on a Vert.x future).
     */
    private static final class Waiter<R> implements io.vertx.core.Handler<io.vertx.core.AsyncResult<R>> {
        private final Thread caller = Thread.currentThread();
        private volatile io.vertx.core.AsyncResult<R> result;

        @Override
        public void handle(io.vertx.core.AsyncResult<R> ar) {
            result = ar;
            LockSupport.unpark(caller);
        }

        /** Waits as {@code CompletableFuture.get(timeout)} does: interruptible, a failure as its cause. */
        R get(long timeoutMillis) throws InterruptedException, ExecutionException, TimeoutException {
            long deadline = timeoutMillis == Long.MAX_VALUE ? 0 : System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            io.vertx.core.AsyncResult<R> ar;
            while ((ar = result) == null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (deadline == 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
            if (ar.failed()) {
                throw new ExecutionException(ar.cause());
            }
            return ar.result();
        }
    }

    /**
     * Returns how many statements went through the pipelined engine (the rest ran on the JDBC engine).
     *
     * @return the count since the client opened
     */
    long pipelinedStatements() {
        return pipelinedCount.sum();
    }

    /** A value of a result that the pipelined engine failed to decode (the statement itself succeeded). */
    private static final class Undecodable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Undecodable(Throwable cause) {
            super(cause);
        }
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private <R> R await(Waiter<R> waiter, String sql) {
        try {
            return waiter.get(timeoutMillis);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof io.vertx.core.VertxException) && e.getCause() instanceof RuntimeException) {
                throw new Undecodable(e.getCause());
            }
            throw translate(connect.explain(e.getCause()), sql);
        } catch (TimeoutException e) {
            throw Errors.translate(new SQLException("No answer from the server within the socket timeout of "
                    + timeoutMillis + " ms: " + abbreviate(sql), "08006", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException("Interrupted while waiting for the server: " + abbreviate(sql), null, e);
        }
    }

    /** Translates through the same {@link Errors} as the JDBC engine, with the server's message, detail and hint. */
    private static PostgresException translate(Throwable cause, String sql) {
        return Errors.translate(sqlException(cause, "08006"));
    }

    /**
     * The failure as pgjdbc would report it: a server error with its SQLSTATE, message, detail and hint; anything
     * else (refused connection, TLS handshake, a server of the wrong role) as a connection failure whose cause chain
     * {@link Errors} reads, for example to say why a TLS handshake failed.
     */
    static SQLException sqlException(Throwable cause, String connectionState) {
        if (cause instanceof PgException) {
            PgException pg = (PgException) cause;
            StringBuilder m = new StringBuilder(pg.getErrorMessage() == null ? String.valueOf(pg.getMessage())
                    : pg.getErrorMessage());
            if (pg.getDetail() != null) {
                m.append(" (detail: ").append(pg.getDetail()).append(')');
            }
            if (pg.getHint() != null) {
                m.append(" (hint: ").append(pg.getHint()).append(')');
            }
            return new SQLException(m.toString(), pg.getSqlState(), cause);
        }
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new SQLException("The pipelined connection failed: " + m, connectionState, cause);
    }

    private void checkOpen() {
        if (closed || jdbc.isClosed()) {
            throw new ClientClosedException("The pipelined client is closed; open a new one");
        }
    }

    private static <T> T required(T value, String name, String verb) {
        if (value == null) {
            throw new InvalidStatementException(verb + " needs a " + name + ", got null", null);
        }
        return value;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    // ---- the verbs that stay on the JDBC engine

    @Override
    public <T> Stream<T> query(Sql sql, Class<T> type) {
        return jdbc.query(sql, type);
    }

    @Override
    public <T> Stream<T> query(Sql sql, Function<? super Row, ? extends T> mapper) {
        return jdbc.query(sql, mapper);
    }

    @Override
    public Stream<Map<String, Object>> query(Sql sql) {
        return jdbc.query(sql);
    }

    @Override
    public List<ExecutionResult> batchExecute(List<Sql> statements) {
        return jdbc.batchExecute(statements);
    }

    @Override
    public List<ExecutionResult> batchExecute(String sql, Stream<? extends List<?>> rows) {
        return jdbc.batchExecute(sql, rows);
    }

    @Override
    public <T> CopyResult copyIn(String table, Class<T> type, Stream<? extends T> rows, CopyOptions options) {
        return jdbc.copyIn(table, type, rows, options);
    }

    @Override
    public CopyResult copyIn(String table, List<String> columns, Stream<? extends List<?>> rows,
            CopyOptions options) {
        return jdbc.copyIn(table, columns, rows, options);
    }

    @Override
    public <T> Stream<T> copyOut(Sql query, Class<T> type, CopyOptions options) {
        return jdbc.copyOut(query, type, options);
    }

    @Override
    public <T> Stream<T> copyOut(Sql query, java.util.function.Function<? super Row, ? extends T> mapper,
            CopyOptions options) {
        return jdbc.copyOut(query, mapper, options);
    }

    @Override
    public ProcedureCallResult call(Sql sql) {
        return jdbc.call(sql);
    }

    @Override
    public <R> R transaction(TransactionCallback<R> work) {
        return jdbc.transaction(work);
    }

    @Override
    public <R> R transaction(IsolationLevel isolation, TransactionCallback<R> work) {
        return jdbc.transaction(isolation, work);
    }

    @Override
    public <R> R transaction(TransactionOptions options, TransactionCallback<R> work) {
        return jdbc.transaction(options, work);
    }

    @Override
    public ReplicaReads replicas() {
        return jdbc.replicas();
    }

    @Override
    public DataSource dataSource() {
        return jdbc.dataSource();
    }

    @Override
    public PoolStats poolStats() {
        return jdbc.poolStats();
    }

    @Override
    public boolean isClosed() {
        return closed || jdbc.isClosed();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pipelined.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort; the JDBC engine is closed below either way.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            jdbc.close();
        }
    }

    @Override
    public String toString() {
        return "PipelinedClient[" + jdbc + "]";
    }
}
