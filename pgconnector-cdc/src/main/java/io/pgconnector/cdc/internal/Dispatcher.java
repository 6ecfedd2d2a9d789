package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.types.PgLsn;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The engine's change consumer: routes each change to its service, retries a failing callback, and marks a change
 * processed (so that its offset may be committed) only after its callback returned normally. After a change that
 * could not be handled nothing more is marked: the listener is being stopped, and the change is delivered again after
 * the next start.
 */
final class Dispatcher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<String, Route<?>> byTable;
    private final Route<?> catchAll;
    private final RetryPolicy retry;
    private final boolean continueOnError;
    private final Set<Operation> skipped;
    private final BooleanSupplier stopRequested;
    private final Consumer<CdcException> halt;
    private final RowDecoder decoder = new RowDecoder();
    private final Set<Route<?>> allRoutes = new HashSet<>();

    // The route of the last change's table: changes come in runs of one table, so most need no lookup (and no
    // schema.table string). Only the delivery thread touches these.
    private String lastSchema;
    private String lastTable;
    private String lastQualified;
    private Route<?> lastRoute;

    private volatile boolean halted;
    private volatile boolean aborted;
    private volatile Thread deliveryThread;
    // When the engine last handed over anything (a change or a heartbeat): the liveness signal.
    private volatile long lastActivityNanos = System.nanoTime();
    private final Counters counters;

    Dispatcher(Map<String, Route<?>> byTable, Route<?> catchAll, RetryPolicy retry, EventErrorMode errorMode,
            Set<Operation> skipped, BooleanSupplier stopRequested, Consumer<CdcException> halt, Counters counters) {
        this.counters = counters;
        this.byTable = Map.copyOf(byTable);
        this.catchAll = catchAll;
        this.retry = retry;
        this.continueOnError = errorMode == EventErrorMode.REPORT_AND_CONTINUE || retry.skipWhenExhausted();
        this.skipped = Set.copyOf(skipped);
        this.stopRequested = stopRequested;
        this.halt = halt;
        allRoutes.addAll(byTable.values());
        if (catchAll != null) {
            allRoutes.add(catchAll);
        }
    }

    boolean isDeliveryThread() {
        return Thread.currentThread() == deliveryThread;
    }

    Set<Route<?>> routes() {
        return allRoutes;
    }

    /** Records progress now (the engine began capturing). */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Returns the {@link System#nanoTime()} of the last change or heartbeat handed over by the engine. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /**
     * Stops delivery at once: the callback in progress is interrupted and its change is not marked processed
     * (it may have been cut short), and no further change is delivered.
     */
    void abort() {
        aborted = true;
        Thread t = deliveryThread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        deliveryThread = Thread.currentThread();
        lastActivityNanos = System.nanoTime();
        try {
            for (RecordChangeEvent<SourceRecord> event : records) {
                if (halted || aborted || stopRequested.getAsBoolean()) {
                    break;
                }
                if (!handle(event.record()) || aborted) {
                    break;
                }
                committer.markProcessed(event);
                lastActivityNanos = System.nanoTime();
            }
            if (aborted) {
                return; // nothing more is marked, not even the batch: its unhandled changes come again
            }
            committer.markBatchFinished();
        } finally {
            deliveryThread = null;
        }
    }

    /** Returns true when the change was handled (or needs no handling), false when delivery must stop. */
    private boolean handle(SourceRecord record) throws InterruptedException {
        Object value = record.value();
        if (!(value instanceof Struct)) {
            return true; // tombstones
        }
        Struct envelope = (Struct) value;
        Schema schema = envelope.schema();
        if (schema.field("op") == null || schema.field("source") == null) {
            return true; // heartbeats and other non-change records
        }
        Operation op = Operation.ofCode(envelope.getString("op"));
        Struct source = envelope.getStruct("source");
        String schemaName = source.getString("schema");
        String table = source.getString("table");
        if (skipped.contains(op) || schemaName == null || table == null) {
            return true;
        }
        if (!schemaName.equals(lastSchema) || !table.equals(lastTable)) {
            lastSchema = schemaName;
            lastTable = table;
            lastQualified = schemaName + "." + table;
            Route<?> r = byTable.get(lastQualified);
            lastRoute = r != null ? r : catchAll;
        }
        if (lastRoute == null) {
            return true;
        }
        return deliver(lastRoute, op, envelope, source, schemaName, table, lastQualified);
    }

    private <T> boolean deliver(Route<T> route, Operation op, Struct envelope, Struct source, String schemaName,
            String table, String qualified) throws InterruptedException {
        ChangeSource src;
        RowDecoder.Decoded<T> before;
        RowDecoder.Decoded<T> after;
        try {
            before = op == Operation.UPDATE || op == Operation.DELETE
                    ? decoder.decode(structOrNull(envelope, "before"), route.type(), qualified) : null;
            after = op == Operation.READ || op == Operation.CREATE || op == Operation.UPDATE
                    ? decoder.decode(structOrNull(envelope, "after"), route.type(), qualified) : null;
            src = source(source, op, schemaName, table, unavailable(before, after));
        } catch (RuntimeException e) {
            ChangeSource partial = source(source, op, schemaName, table, Set.of());
            return failed(route, partial, new EventFailure("Cannot map a change of " + qualified + " to "
                    + route.type().getName() + " at " + partial.lsn() + ": " + e.getMessage()
                    + (continueOnError ? "" : ". Fix the row type (or the table) and start the listener again; the "
                    + "change was not committed."), e, partial, envelope));
        }
        CdcService<T> service = route.service();
        T b = before == null ? null : before.row();
        T a = after == null ? null : after.row();
        for (int attempt = 1; ; attempt++) {
            try {
                switch (op) {
                    case READ: service.onRead(a, src); break;
                    case CREATE: service.onCreate(a, src); break;
                    case UPDATE: service.onUpdate(b, a, src); break;
                    case DELETE: service.onDelete(b, src); break;
                    default: service.onTruncate(src); break;
                }
                counters.delivered(src.commitTime());
                return true;
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw (VirtualMachineError) e;
                }
                if (aborted) {
                    return false; // interrupted by immediateStop(): neither a failure nor handled
                }
                if (attempt >= retry.maxAttempts()) {
                    return failed(route, src, new EventFailure("The " + op.name().toLowerCase(java.util.Locale.ROOT)
                            + " callback for " + qualified + " at " + src.lsn() + " (transaction " + src.txId()
                            + ") failed " + attempt + " time(s); last error: " + e, e, src, envelope));
                }
                counters.retried();
                long pause = retry.backoffAfter(attempt).toMillis();
                LOG.warn("Callback for {} at {} failed (attempt {} of {}), retrying in {} ms: {}", qualified,
                        src.lsn(), attempt, retry.maxAttempts(), pause, e.toString());
                if (!pauseUnlessStopping(pause)) {
                    return false;
                }
            }
        }
    }

    private boolean pauseUnlessStopping(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(20, (end - System.nanoTime()) / 1_000_000L)));
        }
        return !stopRequested.getAsBoolean();
    }

    private boolean failed(Route<?> route, ChangeSource src, CdcException error) {
        if (continueOnError) {
            LOG.error("Skipping a change of {} at {} (transaction {}) as configured: {}", src.qualifiedTable(),
                    src.lsn(), src.txId(), error.getMessage());
            notifyError(route, error);
            return true;
        }
        LOG.error("Stopping the CDC listener: {}", error.getMessage());
        halted = true;
        notifyError(route, error);
        halt.accept(error);
        return false;
    }

    void notifyError(Route<?> route, CdcException error) {
        counters.error(error);
        try {
            route.service().onError(error);
        } catch (RuntimeException e) {
            LOG.warn("onError of {} threw: {}", route.service().getClass().getName(), e.toString());
        }
    }

    private static Set<String> unavailable(RowDecoder.Decoded<?> before, RowDecoder.Decoded<?> after) {
        boolean none = (before == null || before.unavailable().isEmpty())
                && (after == null || after.unavailable().isEmpty());
        if (none) {
            return Set.of(); // the usual case: no set to build per change
        }
        Set<String> unavailable = new HashSet<>();
        if (before != null) {
            unavailable.addAll(before.unavailable());
        }
        if (after != null) {
            unavailable.addAll(after.unavailable());
        }
        return unavailable;
    }

    private static Struct structOrNull(Struct envelope, String field) {
        return envelope.schema().field(field) == null ? null : envelope.getStruct(field);
    }

    private static ChangeSource source(Struct source, Operation op, String schemaName, String table,
            Set<String> unavailable) {
        Long lsn = longOrNull(source, "lsn");
        Long txId = longOrNull(source, "txId");
        Long micros = longOrNull(source, "ts_us");
        Instant commit = micros != null ? Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L)
                : Instant.ofEpochMilli(source.getInt64("ts_ms"));
        String snap = source.schema().field("snapshot") == null ? null : source.getString("snapshot");
        boolean snapshot = op == Operation.READ || (snap != null && !"false".equals(snap));
        return new ChangeSource(schemaName, table, op, lsn == null ? PgLsn.INVALID : PgLsn.of(lsn), txId, commit,
                snapshot, unavailable);
    }

    private static Long longOrNull(Struct s, String field) {
        if (s.schema().field(field) == null) {
            return null;
        }
        Object v = s.get(field);
        return v instanceof Number ? ((Number) v).longValue() : null;
    }
}
