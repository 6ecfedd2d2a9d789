package io.pgconnector.cdc.internal;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Delivers a batch on N worker threads while keeping the order of each row: the changes of one key (the topic, that
 * is the table, and the record key, that is the primary key) form a lane; a lane is on at most one worker at a time
 * and gives up its changes in batch order, so one row's changes are handled one after the other in commit order,
 * while different rows run in parallel. Workers take one change of a lane and put the lane back at the end of the
 * ready queue, so that long lanes progress alongside short ones.
 *
 * <p>The engine's thread (the caller of {@link #handleBatch}) marks changes processed strictly in batch order, each
 * only once it and every change before it were handled: the committed position never passes an unhandled change.
 * A truncate is a barrier: every earlier change is handled first, then the truncate alone on the engine's thread.
 */
final class ParallelDelivery {
    /** The key of a record that needs no callback (a heartbeat, a tombstone): handled when seen. */
    private static final Object NONE = new Object();
    /** The key of a barrier: delivered alone. */
    private static final Object BARRIER = new Object();

    private final ChangeDelivery barrierDelivery;
    private final Thread[] workers;
    private final LinkedBlockingQueue<Lane> ready = new LinkedBlockingQueue<>();
    private final BooleanSupplier stopRequested;
    private final Supplier<Boolean> aborted;

    // Batch state, guarded by this.
    private boolean[] done;
    private int inFlight;
    private boolean failed;
    private List<RecordChangeEvent<SourceRecord>> batch;
    private volatile boolean closed;

    /** The pending changes of one key, as indexes into the batch. */
    private static final class Lane {
        final ArrayDeque<Integer> pending = new ArrayDeque<>(4);
    }

    /** A key: topic plus record key (a record key alone may be equal across tables). */
    private record LaneKey(String topic, Object key) {
    }

    ParallelDelivery(int threads, String name, Supplier<ChangeDelivery> deliveries, BooleanSupplier stopRequested,
            Supplier<Boolean> aborted) {
        this.barrierDelivery = deliveries.get();
        this.stopRequested = stopRequested;
        this.aborted = aborted;
        this.workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ChangeDelivery own = deliveries.get(); // a decoder and route cache per thread
            Thread t = new Thread(() -> work(own), name + "-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    boolean isWorker(Thread t) {
        for (Thread w : workers) {
            if (w == t) {
                return true;
            }
        }
        return false;
    }

    void interruptWorkers() {
        for (Thread w : workers) {
            w.interrupt();
        }
    }

    void close() {
        closed = true;
        interruptWorkers();
    }

    /**
     * Delivers a batch, marking handled changes processed in order.
     *
     * @return false when delivery stopped early (a failure, a stop or an abort)
     */
    boolean handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer, BooleanSupplier halted)
            throws InterruptedException {
        int n = records.size();
        synchronized (this) {
            batch = records;
            done = new boolean[n];
            failed = false;
        }
        int marked = 0;
        int i = 0;
        try {
            while (i < n) {
                if (halted.getAsBoolean() || aborted.get() || stopRequested.getAsBoolean()) {
                    return false;
                }
                int end = i;
                Map<Object, Lane> lanes = new HashMap<>();
                synchronized (this) {
                    for (; end < n; end++) {
                        Object key = keyOf(records.get(end).record());
                        if (key == BARRIER) {
                            break;
                        }
                        if (key == NONE) {
                            done[end] = true;
                        } else {
                            lanes.computeIfAbsent(key, k -> new Lane()).pending.add(end);
                        }
                    }
                }
                ready.addAll(lanes.values());
                marked = markUpTo(end, marked, committer);
                if (marked < end) {
                    return false;
                }
                if (end < n) {
                    if (!barrierDelivery.deliver(records.get(end).record().value(), null) || aborted.get()) {
                        return false;
                    }
                    committer.markProcessed(records.get(end));
                    marked = ++end;
                }
                i = end;
            }
            return true;
        } finally {
            drain();
        }
    }

    /** Waits for the changes before {@code end}, marking each processed once every earlier one is. */
    private int markUpTo(int end, int from, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        int marked = from;
        while (marked < end) {
            int upTo;
            synchronized (this) {
                while (!done[marked] && !failed && !aborted.get()) {
                    wait(50);
                    if (stopRequested.getAsBoolean() && inFlight == 0 && ready.isEmpty()) {
                        break; // workers drop work once a stop is requested
                    }
                }
                upTo = marked;
                while (upTo < end && done[upTo]) {
                    upTo++;
                }
            }
            if (upTo == marked) {
                return marked; // failed, aborted or stopping
            }
            if (aborted.get()) {
                return marked;
            }
            for (int k = marked; k < upTo; k++) {
                committer.markProcessed(batch.get(k));
            }
            marked = upTo;
        }
        return marked;
    }

    /** Stops handing out work and waits for callbacks in progress, so none runs after the batch returned. */
    private void drain() throws InterruptedException {
        ready.clear();
        synchronized (this) {
            while (inFlight > 0) {
                wait(50);
                ready.clear();
            }
            batch = null;
        }
    }

    private void work(ChangeDelivery delivery) {
        while (!closed) {
            Lane lane;
            try {
                lane = ready.take();
            } catch (InterruptedException e) {
                continue; // an abort or close: the loop condition decides
            }
            int index;
            Object value;
            synchronized (this) {
                if (failed || batch == null || stopRequested.getAsBoolean() || aborted.get()) {
                    continue; // the lane is dropped: its changes stay unmarked and come again
                }
                index = lane.pending.poll();
                value = batch.get(index).record().value();
                inFlight++;
            }
            boolean ok = false;
            try {
                ok = delivery.deliver(value, null) && !aborted.get();
            } catch (InterruptedException e) {
                ok = false;
            } catch (RuntimeException | Error e) {
                ok = false;
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
            } finally {
                synchronized (this) {
                    inFlight--;
                    if (ok) {
                        done[index] = true;
                        if (!lane.pending.isEmpty()) {
                            ready.add(lane);
                        }
                    } else {
                        failed = true;
                    }
                    notifyAll();
                }
            }
        }
    }

    private static Object keyOf(SourceRecord record) {
        Object value = record.value();
        if (!(value instanceof Struct)) {
            return NONE;
        }
        Struct envelope = (Struct) value;
        if (envelope.schema().field("op") == null || envelope.schema().field("source") == null) {
            return NONE;
        }
        String op = envelope.getString("op");
        if ("t".equals(op) || op == null) {
            return BARRIER;
        }
        Object key = record.key();
        return new LaneKey(Objects.requireNonNullElse(record.topic(), ""), key);
    }
}
