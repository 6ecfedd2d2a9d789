package io.pgconnector.cdc.internal;

import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The engine's change consumer: hands each change to {@link ChangeDelivery} (routing, decoding, retries) and marks it
 * processed (so that its offset may be committed) only after its callback returned normally. After a change that
 * could not be handled nothing more is marked: the listener is being stopped, and the change is delivered again after
 * the next start.
 */
final class Dispatcher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final boolean continueOnError;
    private final BooleanSupplier stopRequested;
    private final Consumer<CdcException> halt;
    private final ChangeDelivery delivery;
    private final ParallelDelivery parallel;
    private final java.util.function.Function<ChangeDelivery.FailureHandler, ChangeDelivery> forTarget;
    private final RetryPolicy retry;
    private TransactionalDelivery transactional;
    private final Set<Route<?>> allRoutes = new HashSet<>();

    private volatile boolean halted;
    private volatile boolean aborted;
    private volatile Thread deliveryThread;
    // Changes handed over by the engine and handled (delivered, or passed over as configured); delivery thread only.
    private volatile long handled;
    // When the engine last handed over anything (a change or a heartbeat), or a change was delivered: the liveness
    // signal. Written per delivered change with a release store (LAST_ACTIVITY), not a volatile one: a volatile store
    // is a full fence, which waits for the stores of the change's freshly built row to drain (measured: a large
    // share of the per-change cost that a bare Debezium consumer does not have); the reader still sees it at once.
    private volatile long lastActivityNanos = System.nanoTime();
    private static final java.lang.invoke.VarHandle LAST_ACTIVITY;

    static {
        try {
            LAST_ACTIVITY = java.lang.invoke.MethodHandles.lookup().findVarHandle(Dispatcher.class,
                    "lastActivityNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private final Counters counters;
    private SnapshotProgressGuard guard = SnapshotProgressGuard.none();
    // The counting cells of this dispatcher's deliveries, folded into the counters' totals by close().
    private final List<Counters.Cell> cells = new java.util.ArrayList<>();

    Dispatcher(Map<String, Route<?>> byTable, Route<?> catchAll, Map<String, Route<?>> messagesByPrefix,
            Route<?> messagesCatchAll, RetryPolicy retry, EventErrorMode errorMode, Set<Operation> skipped,
            BooleanSupplier stopRequested, Consumer<CdcException> halt, Counters counters, int threads,
            String threadName, List<io.pgconnector.cdc.ColumnMask> columnMasks, CodecRegistry codecs) {
        this.counters = counters;
        this.continueOnError = errorMode == EventErrorMode.REPORT_AND_CONTINUE || retry.skipWhenExhausted();
        this.stopRequested = stopRequested;
        this.halt = halt;
        // Every delivery (one per thread, and the transactional one) applies the listener's own column masks.
        // Each delivery (each thread) counts its deliveries in a cell of its own.
        java.util.function.Supplier<ChangeDelivery> deliveries = () -> masked(new ChangeDelivery(byTable, catchAll,
                messagesByPrefix, messagesCatchAll, retry, skipped, stopRequested, () -> aborted, continueOnError,
                this::failed, observer(), codecs), columnMasks);
        this.delivery = deliveries.get();
        this.forTarget = handler -> masked(new ChangeDelivery(byTable, catchAll, Map.of(), null, RetryPolicy.none(),
                skipped, stopRequested, () -> aborted, continueOnError, handler, observer(), codecs), columnMasks);
        this.retry = retry;
        this.parallel = threads <= 1 ? null : new ParallelDelivery(threads, threadName, deliveries, stopRequested,
                () -> aborted);
        allRoutes.addAll(byTable.values());
        allRoutes.remove(Route.IGNORED);
        if (catchAll != null) {
            allRoutes.add(catchAll);
        }
        allRoutes.addAll(messagesByPrefix.values());
        if (messagesCatchAll != null) {
            allRoutes.add(messagesCatchAll);
        }
    }

    /** An observer for one delivery thread, counting into a cell of its own (see {@link Counters}). */
    private ChangeDelivery.Observer observer() {
        Counters.Cell cell = counters.cell();
        synchronized (cells) {
            cells.add(cell);
        }
        return new ChangeDelivery.Observer() {
            @Override
            public void delivered(java.time.Instant commitTime) {
                cell.delivered(commitTime);
            }

            @Override
            public void retried() {
                counters.retried();
            }
        };
    }

    private static ChangeDelivery masked(ChangeDelivery d, List<io.pgconnector.cdc.ColumnMask> masks) {
        d.applyColumnMasks(masks);
        d.envelopeSchemaPerTable(); // the embedded engine, which runs no transformations
        return d;
    }

    /** Returns how many changes have been handled so far. */
    long handledCount() {
        return handled;
    }

    /** Tells whether no batch is being delivered right now. */
    boolean idle() {
        return deliveryThread == null;
    }

    boolean isDeliveryThread() {
        Thread t = Thread.currentThread();
        return t == deliveryThread || (parallel != null && parallel.isWorker(t));
    }

    /**
     * Holds back the offsets that would lose a running incremental snapshot's progress (see
     * {@link SnapshotProgressGuard}); call before {@link #deliverInto} and before the engine starts.
     *
     * @param snapshotRunning tells whether the connector reports a snapshot running
     */
    void guardSnapshotProgress(BooleanSupplier snapshotRunning) {
        this.guard = new SnapshotProgressGuard(snapshotRunning);
    }

    /**
     * Delivers into a target database, each batch in one transaction with its offset (see
     * {@link TransactionalDelivery}).
     */
    void deliverInto(io.pgconnector.client.PostgresClient target, TargetOffsets offsets,
            TransactionalRoute.Current current) {
        this.transactional = new TransactionalDelivery(target, offsets, current, forTarget, retry, continueOnError,
                stopRequested, (route, error) -> route == null ? haltAll(error) : failed(route, error),
                counters::retried, guard);
    }

    private synchronized boolean haltAll(CdcException error) {
        if (!halted) {
            LOG.error("Stopping the CDC listener: {}", error.getMessage());
            halted = true;
            for (Route<?> r : allRoutes) {
                notifyError(r, error);
            }
            halt.accept(error);
        }
        return false;
    }

    /** Ends the delivery threads (the run is over). */
    void close() {
        if (parallel != null) {
            parallel.close();
        }
        synchronized (cells) {
            counters.retire(cells);
        }
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
        if (parallel != null) {
            parallel.interruptWorkers();
        }
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> engineCommitter)
            throws InterruptedException {
        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer = guard.wrap(engineCommitter);
        deliveryThread = Thread.currentThread();
        lastActivityNanos = System.nanoTime();
        try {
            if (transactional != null) {
                transactional.handleBatch(records, committer, () -> aborted || halted);
                lastActivityNanos = System.nanoTime();
                if (!aborted) {
                    handled += records.size();
                    committer.markBatchFinished();
                }
                return;
            }
            if (parallel != null) {
                parallel.handleBatch(records, committer, () -> halted);
                lastActivityNanos = System.nanoTime();
                if (!aborted) {
                    handled += records.size();
                    committer.markBatchFinished();
                }
                return;
            }
            int n = 0;
            try {
                for (RecordChangeEvent<SourceRecord> event : records) {
                    if (halted || aborted || stopRequested.getAsBoolean()) {
                        break;
                    }
                    if (!delivery.deliver(event.record().value(), null) || aborted) {
                        break;
                    }
                    n++;
                    LAST_ACTIVITY.setRelease(this, System.nanoTime());
                }
            } finally {
                // Once per batch (read only once the batch is over, see idle()): one volatile write less per change.
                handled += n;
                // Only the last handled change is marked: the engine stores one offset per batch, the latest marked
                // (see SnapshotProgressGuard#markLastCommittable); a change cut short is not among the handled.
                guard.markLastCommittable(records, 0, n, engineCommitter);
            }
            if (aborted) {
                return; // nothing more is marked, not even the batch: its unhandled changes come again
            }
            committer.markBatchFinished();
        } finally {
            deliveryThread = null;
        }
    }

    private synchronized boolean failed(Route<?> route, CdcException error) {
        ChangeSource src = error.source();
        if (continueOnError) {
            LOG.error("Skipping a change of {} at {} (transaction {}) as configured: {}", src.qualifiedTable(),
                    src.lsn(), src.txId(), error.getMessage());
            notifyError(route, error);
            return true;
        }
        if (halted) {
            return false; // another delivery thread failed first: one failure stops the listener
        }
        LOG.error("Stopping the CDC listener: {}", error.getMessage());
        halted = true;
        notifyError(route, error);
        halt.accept(error);
        return false;
    }

    void notifyError(Route<?> route, CdcException error) {
        counters.error(error);
        ChangeDelivery.notifyError(route, error);
    }
}
