package io.pgconnector.cdc.internal;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Keeps a running incremental snapshot's progress in every offset the listener commits (issue 14).
 *
 * <p>Debezium stores an incremental snapshot's progress (the tables left and the last key read) in the offset of each
 * record while the snapshot runs. But after a restart during the snapshot, the first changes streamed carry offsets
 * marked {@code "snapshot": "INCREMENTAL"} without that progress (Debezium 3.6; with this guard in place it said so at
 * nearly every restart of {@code SnapshotCrashTest}'s children). Committed, such an offset makes the next start resume
 * streaming with no snapshot at all: the rows not read yet would never arrive, silently. That happened when a kill
 * followed an offset save that landed on such a change (a stalled child in one of about twenty stress runs, whose
 * offsets at start had exactly that shape). A record whose offset has that shape while the connector reports its
 * snapshot running is therefore delivered but not committed; the next committed record carries the progress again (a
 * restart in between delivers the passed-over changes once more: at least once, never a gap).
 */
final class SnapshotProgressGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgressGuard.class);
    /** How long an answer of the snapshot metrics is reused: the shape is rare, the look-up is not free. */
    private static final long REUSE_NANOS = 200_000_000L;

    private final BooleanSupplier snapshotRunning;
    private long askedAt;
    private boolean running;
    private boolean asked;
    private boolean told;

    /**
     * @param snapshotRunning tells whether the connector reports a snapshot running (Debezium's snapshot metrics)
     */
    SnapshotProgressGuard(BooleanSupplier snapshotRunning) {
        this.snapshotRunning = snapshotRunning;
    }

    /** A guard that never holds an offset back (the Kafka source and tests). */
    static SnapshotProgressGuard none() {
        return new SnapshotProgressGuard(() -> false);
    }

    /**
     * Tells whether committing a record's offset keeps what a restart needs: false only for an offset of an
     * incremental snapshot's time that lacks the snapshot's progress while the snapshot runs.
     *
     * @param record the record
     * @return true when its offset may be committed
     */
    boolean committable(SourceRecord record) {
        // Lock-free for every ordinary offset: this runs once per change on the delivery thread.
        Map<String, ?> offset = record.sourceOffset();
        if (offset == null || !"INCREMENTAL".equals(offset.get("snapshot"))
                || offset.containsKey(Signals.SNAPSHOT_PROGRESS_KEY)) {
            return true;
        }
        return !snapshotRunning(offset);
    }

    private synchronized boolean snapshotRunning(Map<String, ?> offset) {
        long now = System.nanoTime();
        if (!asked || now - askedAt > REUSE_NANOS) {
            running = snapshotRunning.getAsBoolean();
            askedAt = now;
            asked = true;
        }
        if (running && !told) {
            told = true;
            LOG.info("An offset without the running incremental snapshot's progress was not committed (offset {}); "
                    + "the next one that has it will be", offset);
        }
        return running;
    }

    /**
     * Marks processed the last record of {@code records[from, to)} whose offset is {@link #committable}: what
     * marking each of them in turn would leave stored, since the engine keeps only the latest offset (and the task
     * only the latest position) and stores offsets only when the batch is finished. One mark and, for ordinary
     * offsets, one offset look-up per batch instead of per change.
     *
     * @param records   the batch
     * @param from      the first handled record's index
     * @param to        the index after the last handled record
     * @param committer the engine's committer of the batch (not a {@link #wrap wrapped} one)
     * @return true when a record was marked
     * @throws InterruptedException if interrupted while marking
     */
    boolean markLastCommittable(List<RecordChangeEvent<SourceRecord>> records, int from, int to,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        for (int i = to - 1; i >= from; i--) {
            RecordChangeEvent<SourceRecord> r = records.get(i);
            if (committable(r.record())) {
                committer.markProcessed(r);
                return true;
            }
        }
        return false;
    }

    /**
     * Wraps the engine's committer so that records whose offsets are not {@link #committable} are not marked
     * processed (their offsets are not stored); everything else passes through.
     *
     * @param committer the engine's committer of one batch
     * @return the guarded committer
     */
    DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> wrap(
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) {
        return new DebeziumEngine.RecordCommitter<>() {
            @Override
            public void markProcessed(RecordChangeEvent<SourceRecord> record) throws InterruptedException {
                if (committable(record.record())) {
                    committer.markProcessed(record);
                }
            }

            @Override
            public void markBatchFinished() throws InterruptedException {
                committer.markBatchFinished();
            }

            @Override
            public void markProcessed(RecordChangeEvent<SourceRecord> record,
                    DebeziumEngine.Offsets sourceOffsets) throws InterruptedException {
                if (committable(record.record())) {
                    committer.markProcessed(record, sourceOffsets);
                }
            }

            @Override
            public DebeziumEngine.Offsets buildOffsets() {
                return committer.buildOffsets();
            }
        };
    }
}
