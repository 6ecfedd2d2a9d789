package io.pgconnector.cdc;

import io.pgconnector.types.PgLsn;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A listener's health in one place, for liveness/readiness probes and dashboards: returned by
 * {@link CdcListener#status()}. The slot's position and lag are read from the server at that moment (one short
 * query); when the server cannot be reached they are empty and {@code lagBytes} is -1.
 *
 * @param state           what the listener is doing
 * @param slotName        the replication slot
 * @param confirmedLsn    the slot's {@code confirmed_flush_lsn}: everything before it was handled and committed
 * @param lagBytes        {@code pg_current_wal_lsn() - confirmed_flush_lsn}: WAL written since the last confirmed
 *                        position (also WAL of other databases and of idle periods, until the next heartbeat
 *                        confirms it); -1 when unknown
 * @param lag             time since the commit of the newest delivered change while the slot has WAL to catch up on
 *                        ({@code lagBytes > 0}), else zero; empty when unknown or nothing was delivered yet
 * @param eventsDelivered changes whose callback returned normally since the listener was created
 * @param retries         callback attempts that threw and were retried
 * @param lastError       the error that stopped the listener, or the last one reported to {@code onError}
 */
public record CdcStatus(State state, String slotName, Optional<PgLsn> confirmedLsn, long lagBytes,
        Optional<Duration> lag, long eventsDelivered, long retries, Optional<CdcException> lastError) {

    /** What a listener is doing. */
    public enum State {
        /** Not started, or stopped. */
        STOPPED,
        /** {@code start()} is running. */
        STARTING,
        /**
         * The connector is reading a snapshot: the initial one, or an incremental one
         * ({@link SnapshotMode#INCREMENTAL}, {@link CdcListener#snapshot(String...)}) while changes keep streaming. It
         * follows the connector's reading, not the delivery: rows already read may still be on their way to
         * {@code onRead} after the state is {@link #STREAMING} again (a table that fits in one chunk is read in one
         * query).
         */
        SNAPSHOTTING,
        /** Streaming changes. */
        STREAMING,
        /** Stopped by an error: see {@link CdcStatus#lastError()}. */
        FAILED
    }

    /**
     * Creates a status.
     *
     * @param state           what the listener is doing
     * @param slotName        the replication slot
     * @param confirmedLsn    the slot's confirmed position
     * @param lagBytes        the lag in bytes, or -1
     * @param lag             the lag in time
     * @param eventsDelivered changes delivered
     * @param retries         callback retries
     * @param lastError       the last error
     */
    public CdcStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(slotName, "slotName");
        Objects.requireNonNull(confirmedLsn, "confirmedLsn");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * Whether the listener is capturing (snapshotting or streaming): fit for a readiness probe.
     *
     * @return true when snapshotting or streaming
     */
    public boolean isCapturing() {
        return state == State.SNAPSHOTTING || state == State.STREAMING;
    }
}
