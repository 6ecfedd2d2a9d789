package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the status reports about delivery; kept across the listener's starts.
 *
 * <p>Deliveries are counted per delivery thread, each in its own {@link Cell} that only that thread writes: counting
 * a change then takes two plain stores, where one shared {@code AtomicLong} and a volatile commit time took a locked
 * instruction and a full fence per change (measured: about a sixth of the CPU time of a typed change in the CDC
 * replay, because each fence waits for the stores of the change's freshly built row to drain).
 */
final class Counters {
    private final AtomicLong retries = new AtomicLong();
    private volatile CdcException lastError;
    // The cells of the running deliveries, and what retired ones counted; guarded by this.
    private final List<Cell> cells = new ArrayList<>();
    private long retiredDelivered;
    private Instant retiredCommitTime;

    /** The deliveries of one delivery thread: written by that thread alone, read by any. */
    static final class Cell {
        private static final VarHandle COUNT;
        private static final VarHandle COMMIT_TIME;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                COUNT = l.findVarHandle(Cell.class, "count", long.class);
                COMMIT_TIME = l.findVarHandle(Cell.class, "commitTime", Instant.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through COUNT
        private long count;
        @SuppressWarnings("unused") // through COMMIT_TIME
        private Instant commitTime;

        /**
         * Counts a change whose callback returned normally; called by the cell's one delivery thread only (release
         * stores: plain moves on x86, no fence).
         *
         * @param commit the change's commit time
         */
        void delivered(Instant commit) {
            COUNT.setRelease(this, (long) COUNT.getOpaque(this) + 1);
            COMMIT_TIME.setRelease(this, commit);
        }

        long count() {
            return (long) COUNT.getAcquire(this);
        }

        Instant commitTime() {
            return (Instant) COMMIT_TIME.getAcquire(this);
        }
    }

    /**
     * Returns a new cell for one delivery thread; {@link #retire} it when that thread is done delivering.
     *
     * @return the cell
     */
    synchronized Cell cell() {
        Cell c = new Cell();
        cells.add(c);
        return c;
    }

    /**
     * Folds cells whose threads delivered their last change into the totals (so that restarts do not pile up cells).
     *
     * @param done the cells
     */
    synchronized void retire(List<Cell> done) {
        for (Cell c : done) {
            if (cells.remove(c)) {
                retiredDelivered += c.count();
                Instant t = c.commitTime();
                if (t != null) {
                    retiredCommitTime = t;
                }
            }
        }
    }

    void retried() {
        retries.incrementAndGet();
    }

    void error(CdcException e) {
        lastError = e;
    }

    synchronized long delivered() {
        long n = retiredDelivered;
        for (Cell c : cells) {
            n += c.count();
        }
        return n;
    }

    long retries() {
        return retries.get();
    }

    /**
     * The commit time of the last change delivered: of the running deliveries, the latest of their last changes (with
     * one delivery thread, its last change's).
     */
    synchronized Instant lastCommitTime() {
        Instant last = null;
        for (Cell c : cells) {
            Instant t = c.commitTime();
            if (t != null && (last == null || t.isAfter(last))) {
                last = t;
            }
        }
        return last != null ? last : retiredCommitTime;
    }

    CdcException lastError() {
        return lastError;
    }
}
