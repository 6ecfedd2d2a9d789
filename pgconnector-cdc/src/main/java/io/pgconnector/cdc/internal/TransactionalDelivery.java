package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.client.PostgresClient;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Effectively-once delivery into the target database of {@code OffsetStorage.target}: a batch of the engine is
 * applied in one target transaction, which first locks this listener's offset row (and reads the position of the
 * last applied change), then calls the services (they write through the same transaction), then stores the offset
 * of the batch's last record, and commits. Only after the commit are the records marked processed. A change at or
 * below the stored position (delivered again after a restart) is passed over, so that nothing is applied twice.
 *
 * <p>A callback that throws rolls the whole transaction back (the target's transaction is unusable after a failed
 * statement anyway); the batch then runs again from its start with a fresh transaction, up to the retry policy's
 * attempts. When they are exhausted the listener stops, or with continue-on-error the failing change is reported
 * and left out of the next run.
 */
final class TransactionalDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalDelivery.class);

    private final PostgresClient target;
    private final TargetOffsets offsets;
    private final TransactionalRoute.Current current;
    private final ChangeDelivery delivery;
    private final RetryPolicy retry;
    private final boolean continueOnError;
    private final BooleanSupplier stopRequested;
    private final BiFunction<Route<?>, CdcException, Boolean> giveUp;
    private final Runnable retried;
    private final SnapshotProgressGuard guard;
    /** The last offset stored that kept a running snapshot's progress (see {@link SnapshotProgressGuard}). */
    private Map<String, ?> lastCommittable;

    // The failure of the change being delivered, recorded by the delivery's failure handler (one thread).
    private Route<?> failedRoute;
    private CdcException failure;

    /** Thrown inside the target transaction to roll it back. */
    private static final class RollBack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RollBack() {
            super(null, null, false, false);
        }
    }

    /**
     * @param delivery builds the change delivery from a failure handler (retries are this class's business)
     * @param giveUp   reports a change that cannot be applied (its route, or null when the transaction itself
     *                 failed); returns whether to go on without it
     * @param guard    holds back offsets that would lose a running snapshot's progress
     */
    TransactionalDelivery(PostgresClient target, TargetOffsets offsets, TransactionalRoute.Current current,
            Function<ChangeDelivery.FailureHandler, ChangeDelivery> delivery, RetryPolicy retry,
            boolean continueOnError, BooleanSupplier stopRequested, BiFunction<Route<?>, CdcException, Boolean> giveUp,
            Runnable retried, SnapshotProgressGuard guard) {
        this.guard = guard;
        this.target = target;
        this.offsets = offsets;
        this.current = current;
        this.retry = retry;
        this.continueOnError = continueOnError;
        this.stopRequested = stopRequested;
        this.giveUp = giveUp;
        this.retried = retried;
        this.delivery = delivery.apply((route, error) -> {
            failedRoute = route;
            failure = error;
            return false;
        });
    }

    /** Applies a batch; true when it was committed (and marked), false when delivery must stop. */
    boolean handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer, BooleanSupplier aborted)
            throws InterruptedException {
        if (records.isEmpty()) {
            return true;
        }
        Set<Integer> passedOver = new HashSet<>();
        int attempt = 1;
        while (true) {
            int[] failedAt = {-1};
            try {
                target.transaction(tx -> {
                    current.tx = tx;
                    try {
                        Optional<TargetOffsets.Position> stored = offsets.lockPosition(tx);
                        TargetOffsets.Position applied = null;
                        for (int i = 0; i < records.size(); i++) {
                            if (passedOver.contains(i)) {
                                continue;
                            }
                            Object value = records.get(i).record().value();
                            TargetOffsets.Position p = position(value);
                            if (p != null && stored.isPresent() && p.compareTo(stored.get()) <= 0) {
                                continue; // applied before a restart
                            }
                            failure = null;
                            if (!delivery.deliver(value, null) || aborted.getAsBoolean()) {
                                failedAt[0] = i;
                                throw new RollBack();
                            }
                            if (p != null) {
                                applied = p;
                            }
                        }
                        offsets.store(tx, committableOffset(records), applied);
                        return null;
                    } finally {
                        current.tx = null;
                    }
                });
                for (RecordChangeEvent<SourceRecord> r : records) {
                    committer.markProcessed(r);
                }
                return true;
            } catch (RuntimeException e) {
                if (aborted.getAsBoolean() || stopRequested.getAsBoolean()) {
                    return false;
                }
                CdcException error = failure != null ? failure : new CdcException("Applying changes to the target "
                        + "database failed: " + e.getMessage() + ". The transaction was rolled back; nothing of it "
                        + "was committed.", null, e);
                Route<?> route = failure != null ? failedRoute : null;
                failure = null;
                if (attempt < retry.maxAttempts()) {
                    retried.run();
                    long pause = retry.backoffAfter(attempt).toMillis();
                    LOG.warn("Target transaction failed (attempt {} of {}), running it again in {} ms: {}", attempt,
                            retry.maxAttempts(), pause, error.getMessage());
                    attempt++;
                    if (!ChangeDelivery.pauseUnlessStopping(pause, stopRequested)) {
                        return false;
                    }
                    continue;
                }
                if (!giveUp.apply(route, error)) {
                    return false; // the listener stops; nothing of the batch was committed
                }
                if (failedAt[0] < 0 || !continueOnError) {
                    return false;
                }
                passedOver.add(failedAt[0]); // reported; the batch runs again without it
                attempt = 1;
            }
        }
    }

    /**
     * The offset to store with a batch: its last record's, unless that one would lose a running incremental
     * snapshot's progress; then the latest one that keeps it (of this batch or an earlier one).
     */
    @SuppressWarnings("unchecked")
    private Map<String, ?> committableOffset(List<RecordChangeEvent<SourceRecord>> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            SourceRecord r = records.get(i).record();
            if (guard.committable(r)) {
                lastCommittable = (Map<String, ?>) r.sourceOffset();
                return lastCommittable;
            }
        }
        return lastCommittable != null ? lastCommittable
                : (Map<String, ?>) records.get(records.size() - 1).record().sourceOffset();
    }

    private static TargetOffsets.Position position(Object value) {
        if (!(value instanceof Struct)) {
            return null;
        }
        Struct envelope = (Struct) value;
        if (envelope.schema().field("source") == null || envelope.schema().field("op") == null) {
            return null;
        }
        Struct source = envelope.getStruct("source");
        if (source.schema().field("sequence") == null) {
            return null;
        }
        String snapshot = source.schema().field("snapshot") == null ? null : source.getString("snapshot");
        if ("r".equals(envelope.getString("op")) || (snapshot != null && !"false".equals(snapshot))) {
            return null; // snapshot rows share one position
        }
        return TargetOffsets.position(source.getString("sequence"));
    }
}
