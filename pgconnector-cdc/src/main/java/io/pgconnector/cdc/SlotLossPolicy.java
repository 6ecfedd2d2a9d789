package io.pgconnector.cdc;

/**
 * What {@link CdcListener#start()} does when the replication slot it resumes from is lost: invalidated by the server
 * ({@code max_slot_wal_keep_size} exceeded, {@code idle_replication_slot_timeout}, ...) or gone while stored offsets
 * record a position in it (dropped, or not synchronised to the server after a failover). The changes between the last
 * handled position and now can no longer be read from the server in either case.
 */
public enum SlotLossPolicy {
    /**
     * The default: {@code start()} fails with a {@link CdcException} (SQLSTATE 55000) naming the slot, the server's
     * reason and what to do. Nothing is created or deleted; a gap is never passed over silently.
     */
    FAIL,
    /**
     * Drops the lost slot (if it still exists), forgets the stored offsets and starts afresh: a new slot and a new
     * snapshot of the captured tables, delivered through {@code onRead} again, then streaming. The changes lost with
     * the slot are covered by the snapshot's rows (the current state), not delivered as creates, updates or deletes;
     * deletes in the gap are not seen at all. Needs a snapshot mode that reads data ({@link SnapshotMode#INITIAL},
     * {@link SnapshotMode#INITIAL_ONLY}, {@link SnapshotMode#ALWAYS} or {@link SnapshotMode#WHEN_NEEDED}). A
     * warning is logged.
     */
    RESNAPSHOT
}
