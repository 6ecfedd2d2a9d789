package io.pgconnector.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.client.spi.OperationObserver;
import io.pgconnector.client.spi.OperationScope;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters and Observations of one client. Every timer is registered once and then kept (per verb; a failure's per
 * verb, SQLSTATE class and exception type; with the SQL text as a tag, per text too), and the Observation's key
 * values and names are built once per verb, so the hot path of a call costs two clock reads, one small allocation
 * and one timer update, plus the Observation only when the registry has handlers.
 */
final class OperationMetrics implements OperationObserver {
    static final String TIMER = "pgconnector.client.operations";
    static final String BATCH_ROWS = "pgconnector.client.batch.rows";
    static final String OBSERVATION = "pgconnector.client.operation";
    static final String SUCCESS_CLASS = "00";
    private static final KeyValue SUCCESS = KeyValue.of("outcome", "success");
    private static final KeyValue ERROR = KeyValue.of("outcome", "error");

    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final boolean recordSqlText;
    private final Tags base;
    /** Success timers by verb, when the SQL text is not a tag. */
    private final Timer[] successes;
    /** Success timers by verb and SQL text, when it is. */
    private final ConcurrentMap<String, Timer>[] successesBySql;
    private final ConcurrentMap<FailureKey, Timer> failures = new ConcurrentHashMap<>();
    private final DistributionSummary batchRows;
    private final String[] contextualNames;
    private final KeyValues[] observationKeys;

    /** What tells one failure timer from another. */
    private record FailureKey(OperationKind kind, String sqlStateClass, Class<?> error, String sql) {
    }

    @SuppressWarnings("unchecked")
    OperationMetrics(ClientInfo client, MeterRegistry meters, ObservationRegistry observations,
            boolean recordSqlText) {
        this.meters = meters;
        this.observations = observations == null || observations == ObservationRegistry.NOOP ? null : observations;
        this.recordSqlText = recordSqlText;
        this.base = Tags.of("pool", client.poolName(), "db.namespace", client.database(),
                "server.address", client.host(), "server.port", Integer.toString(client.port()));
        OperationKind[] kinds = OperationKind.values();
        this.successes = new Timer[kinds.length];
        this.successesBySql = new ConcurrentMap[kinds.length];
        this.contextualNames = new String[kinds.length];
        this.observationKeys = new KeyValues[kinds.length];
        for (OperationKind k : kinds) {
            if (recordSqlText) {
                successesBySql[k.ordinal()] = new ConcurrentHashMap<>();
            } else {
                successes[k.ordinal()] = timer(k, null, null);
            }
            contextualNames[k.ordinal()] = k.verb() + " " + client.database();
            observationKeys[k.ordinal()] = KeyValues.of(
                    "db.system.name", "postgresql",
                    "db.namespace", client.database(),
                    "db.operation.name", k.verb(),
                    "server.address", client.host(),
                    "server.port", Integer.toString(client.port()),
                    "pool", client.poolName());
        }
        this.batchRows = DistributionSummary.builder(BATCH_ROWS)
                .description("Rows (statements) per batchExecute")
                .baseUnit("rows").tags(base).register(meters);
    }

    @Override
    public OperationScope start(OperationKind kind, String sql) {
        ObservationRegistry registry = observations;
        // Asked on every call: handlers may be added to the registry after this client was built.
        if (registry == null || registry.isNoop()) {
            return new Running(kind, sql, System.nanoTime(), null, null);
        }
        Observation observation = Observation.createNotStarted(OBSERVATION, registry)
                .contextualName(contextualNames[kind.ordinal()])
                .lowCardinalityKeyValues(observationKeys[kind.ordinal()]);
        if (recordSqlText && sql != null) {
            observation.highCardinalityKeyValue("db.query.text", sql);
        }
        observation.start();
        return new Running(kind, sql, System.nanoTime(), observation, observation.openScope());
    }

    private Timer success(OperationKind kind, String sql) {
        if (!recordSqlText) {
            return successes[kind.ordinal()];
        }
        ConcurrentMap<String, Timer> bySql = successesBySql[kind.ordinal()];
        String key = sql == null ? "" : sql;
        Timer t = bySql.get(key);
        return t != null ? t : bySql.computeIfAbsent(key, s -> timer(kind, s, null));
    }

    private Timer failure(OperationKind kind, String sql, Throwable failure) {
        FailureKey key = new FailureKey(kind, sqlStateClass(failure), failure.getClass(),
                recordSqlText ? (sql == null ? "" : sql) : null);
        Timer t = failures.get(key);
        return t != null ? t : failures.computeIfAbsent(key, k -> timer(kind, sql, failure));
    }

    private Timer timer(OperationKind kind, String sql, Throwable failure) {
        Timer.Builder b = Timer.builder(TIMER)
                .description("Duration of pgconnector client operations")
                .tags(base)
                .tag("verb", kind.verb())
                .tag("outcome", failure == null ? "success" : "error")
                .tag("sqlstate.class", failure == null ? SUCCESS_CLASS : sqlStateClass(failure))
                .tag("error", failure == null ? "none" : failure.getClass().getSimpleName());
        if (recordSqlText) {
            b.tag("db.query.text", sql == null ? "" : sql);
        }
        return b.register(meters);
    }

    static String sqlState(Throwable failure) {
        return failure instanceof PostgresException ? ((PostgresException) failure).sqlState() : null;
    }

    static String sqlStateClass(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.length() >= 2 ? state.substring(0, 2) : "unknown";
    }

    private final class Running implements OperationScope {
        private final OperationKind kind;
        private final String sql;
        private final long start;
        private final Observation observation;
        private final Observation.Scope scope;

        Running(OperationKind kind, String sql, long start, Observation observation, Observation.Scope scope) {
            this.kind = kind;
            this.sql = sql;
            this.start = start;
            this.observation = observation;
            this.scope = scope;
        }

        @Override
        public void end(long rows, Throwable failure) {
            long nanos = System.nanoTime() - start;
            Timer t = failure == null ? success(kind, sql) : failure(kind, sql, failure);
            t.record(nanos, TimeUnit.NANOSECONDS);
            if (kind == OperationKind.BATCH_EXECUTE && rows >= 0) {
                batchRows.record(rows);
            }
            if (observation != null) {
                scope.close();
                observation.lowCardinalityKeyValue(failure == null ? SUCCESS : ERROR);
                if (failure != null) {
                    String state = sqlState(failure);
                    if (state != null) {
                        observation.lowCardinalityKeyValue("db.response.status_code", state);
                    }
                    observation.lowCardinalityKeyValue("error.type", failure.getClass().getSimpleName());
                    // The server's message may quote values ("Key (id)=(7) already exists"): spans get none of it.
                    observation.error(new OperationFailure(failure.getClass().getSimpleName()
                            + (state != null ? " (SQLSTATE " + state + ")" : "")));
                }
                observation.stop();
            }
        }
    }

    /** What a span records of a failure: the exception's type and SQLSTATE, never its message. */
    static final class OperationFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OperationFailure(String description) {
            super(description, null, false, false);
        }
    }
}
