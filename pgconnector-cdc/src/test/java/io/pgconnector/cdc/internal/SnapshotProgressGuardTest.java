package io.pgconnector.cdc.internal;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offsets that would make a restart forget a running incremental snapshot (the shape seen in a stalled
 * {@code SnapshotCrashTest} child: {@code "snapshot": "INCREMENTAL"} without the snapshot's progress) are not committed
 * while the connector reports the snapshot running; every other offset is.
 */
class SnapshotProgressGuardTest {

    private static RecordChangeEvent<SourceRecord> record(String snapshot, boolean progress, long lsn) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("lsn", lsn);
        if (snapshot != null) {
            offset.put("snapshot", snapshot);
        }
        if (progress) {
            offset.put(Signals.SNAPSHOT_PROGRESS_KEY, "[{\"incremental_snapshot_collections_id\":\"public.t\"}]");
        }
        SourceRecord r = new SourceRecord(Map.of("server", "s"), offset, "topic", null, null);
        return () -> r;
    }

    /** Records what reaches the engine's committer. */
    private static final class Marks implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {
        final List<Object> marked = new ArrayList<>();
        int batches;

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) {
            marked.add(record.record().sourceOffset().get("lsn"));
        }

        @Override
        public void markBatchFinished() {
            batches++;
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets offsets) {
            markProcessed(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            return null;
        }
    }

    @Test
    void anOffsetWithoutTheProgressOfARunningSnapshotIsNotCommitted() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        SnapshotProgressGuard guard = new SnapshotProgressGuard(running::get);
        Marks engine = new Marks();
        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer = guard.wrap(engine);

        committer.markProcessed(record("INCREMENTAL", true, 1));   // a chunk's read: progress kept
        committer.markProcessed(record("INCREMENTAL", false, 2));  // the lost-progress shape: held back
        committer.markProcessed(record(null, true, 3));            // a streamed change with progress
        committer.markBatchFinished();

        assertThat(engine.marked).containsExactly(1L, 3L);
        assertThat(engine.batches).isEqualTo(1);
    }

    @Test
    void onceTheSnapshotIsOverTheSameShapeIsCommitted() throws Exception {
        // After the snapshot completed, its last records still say INCREMENTAL without progress: nothing to keep.
        SnapshotProgressGuard guard = new SnapshotProgressGuard(() -> false);
        Marks engine = new Marks();
        guard.wrap(engine).markProcessed(record("INCREMENTAL", false, 7));
        assertThat(engine.marked).containsExactly(7L);
    }

    @Test
    void plainStreamingOffsetsNeverAskTheConnector() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        SnapshotProgressGuard guard = new SnapshotProgressGuard(() -> {
            asked.incrementAndGet();
            return true;
        });
        Marks engine = new Marks();
        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer = guard.wrap(engine);
        for (long lsn = 1; lsn <= 100; lsn++) {
            committer.markProcessed(record(null, false, lsn));
        }
        assertThat(engine.marked).hasSize(100);
        assertThat(asked).hasValue(0);
    }

    @Test
    void aBatchMarksOnlyItsLastCommittableHandledChange() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        SnapshotProgressGuard guard = new SnapshotProgressGuard(() -> {
            asked.incrementAndGet();
            return true;
        });
        List<RecordChangeEvent<SourceRecord>> batch = List.of(record(null, false, 1), record("INCREMENTAL", true, 2),
                record("INCREMENTAL", false, 3), record("INCREMENTAL", false, 4), record(null, false, 5));

        Marks all = new Marks();
        assertThat(guard.markLastCommittable(batch, 0, 5, all)).isTrue();
        assertThat(all.marked).containsExactly(5L); // one mark, one look-up: the latest offset is what gets stored
        assertThat(asked).hasValue(0);

        Marks cut = new Marks(); // the fifth change was cut short: the latest committable of the first four is 2
        assertThat(guard.markLastCommittable(batch, 0, 4, cut)).isTrue();
        assertThat(cut.marked).containsExactly(2L);
        assertThat(asked).hasValue(1);

        Marks none = new Marks();
        assertThat(guard.markLastCommittable(batch, 0, 0, none)).isFalse();
        assertThat(guard.markLastCommittable(batch, 2, 4, none)).isFalse();
        assertThat(none.marked).isEmpty();
    }
}
