package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;
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
 * The engine's change consumer: hands each change to {@link ChangeDelivery} and marks it processed (so that its
 * offset may be committed) only after its callback returned normally. After a change that could not be handled
 * nothing more is marked: the listener is being stopped, and the change is delivered again after the next start.
 */
final class Dispatcher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final RetryPolicy retry;
    private final BooleanSupplier stopRequested;
    private final Consumer<CdcException> halt;
    private final ChangeDelivery delivery;
    private final Set<Route<?>> allRoutes = new HashSet<>();

    private volatile boolean halted;
    private volatile Thread deliveryThread;

    Dispatcher(Map<String, Route<?>> byTable, Route<?> catchAll, RetryPolicy retry, Set<Operation> skipped,
            BooleanSupplier stopRequested, Consumer<CdcException> halt) {
        this.retry = retry;
        this.stopRequested = stopRequested;
        this.halt = halt;
        this.delivery = new ChangeDelivery(byTable, catchAll, retry, skipped, stopRequested, this::failed);
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

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        deliveryThread = Thread.currentThread();
        try {
            for (RecordChangeEvent<SourceRecord> event : records) {
                if (halted || stopRequested.getAsBoolean()) {
                    break;
                }
                if (!delivery.deliver(event.record().value(), null)) {
                    break;
                }
                committer.markProcessed(event);
            }
            committer.markBatchFinished();
        } finally {
            deliveryThread = null;
        }
    }

    private boolean failed(Route<?> route, CdcException error) {
        if (retry.skipWhenExhausted()) {
            LOG.error("Skipping a change of {} at {} (transaction {}) as configured: {}",
                    error.source().qualifiedTable(), error.source().lsn(), error.source().txId(), error.getMessage());
            notifyError(route, error);
            return true;
        }
        LOG.error("Stopping the CDC listener: {}", error.getMessage());
        halted = true;
        notifyError(route, error);
        halt.accept(error);
        return false;
    }

    static void notifyError(Route<?> route, CdcException error) {
        ChangeDelivery.notifyError(route, error);
    }
}
