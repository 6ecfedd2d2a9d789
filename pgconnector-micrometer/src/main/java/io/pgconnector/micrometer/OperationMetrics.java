package io.pgconnector.micrometer;

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

import java.util.concurrent.TimeUnit;

/**
 * The meters and Observations of one client. The timers of successful operations are looked up once, so the hot
 * path of a call costs two clock reads and one timer update.
 */
final class OperationMetrics implements OperationObserver {
    static final String TIMER = "pgconnector.client.operations";
    static final String BATCH_ROWS = "pgconnector.client.batch.rows";
    static final String OBSERVATION = "pgconnector.client.operation";
    static final String SUCCESS_CLASS = "00";

    private final ClientInfo client;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final boolean recordSqlText;
    private final Tags base;
    private final Timer[] successes;
    private final DistributionSummary batchRows;

    OperationMetrics(ClientInfo client, MeterRegistry meters, ObservationRegistry observations,
            boolean recordSqlText) {
        this.client = client;
        this.meters = meters;
        this.observations = observations == null || observations.isNoop() ? null : observations;
        this.recordSqlText = recordSqlText;
        this.base = Tags.of("pool", client.poolName(), "db.namespace", client.database(),
                "server.address", client.host(), "server.port", Integer.toString(client.port()));
        OperationKind[] kinds = OperationKind.values();
        this.successes = new Timer[kinds.length];
        if (!recordSqlText) {
            for (OperationKind k : kinds) {
                successes[k.ordinal()] = timer(k, null, null);
            }
        }
        this.batchRows = DistributionSummary.builder(BATCH_ROWS)
                .description("Rows (statements) per batchExecute")
                .baseUnit("rows").tags(base).register(meters);
    }

    @Override
    public OperationScope start(OperationKind kind, String sql) {
        Observation observation = null;
        Observation.Scope scope = null;
        if (observations != null) {
            observation = Observation.createNotStarted(OBSERVATION, observations)
                    .contextualName(kind.verb() + " " + client.database())
                    .lowCardinalityKeyValue("db.system.name", "postgresql")
                    .lowCardinalityKeyValue("db.namespace", client.database())
                    .lowCardinalityKeyValue("db.operation.name", kind.verb())
                    .lowCardinalityKeyValue("server.address", client.host())
                    .lowCardinalityKeyValue("server.port", Integer.toString(client.port()))
                    .lowCardinalityKeyValue("pool", client.poolName());
            if (recordSqlText && sql != null) {
                observation.highCardinalityKeyValue("db.query.text", sql);
            }
            observation.start();
            scope = observation.openScope();
        }
        return new Running(kind, sql, System.nanoTime(), observation, scope);
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
            Timer t = failure == null && !recordSqlText ? successes[kind.ordinal()] : timer(kind, sql, failure);
            t.record(nanos, TimeUnit.NANOSECONDS);
            if (kind == OperationKind.BATCH_EXECUTE && rows >= 0) {
                batchRows.record(rows);
            }
            if (observation != null) {
                scope.close();
                observation.lowCardinalityKeyValue("outcome", failure == null ? "success" : "error");
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
