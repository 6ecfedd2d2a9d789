package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A service that records every event, with a bounded wait for events to arrive. */
class Recorder<T> implements CdcService<T> {
    record Event<T>(Operation op, T before, T after, ChangeSource src) {
    }

    private final List<Event<T>> events = new ArrayList<>();
    private final List<CdcException> errors = new ArrayList<>();

    @Override
    public void onRead(T after, ChangeSource src) {
        add(new Event<>(Operation.READ, null, after, src));
    }

    @Override
    public void onCreate(T after, ChangeSource src) {
        add(new Event<>(Operation.CREATE, null, after, src));
    }

    @Override
    public void onUpdate(T before, T after, ChangeSource src) {
        add(new Event<>(Operation.UPDATE, before, after, src));
    }

    @Override
    public void onDelete(T before, ChangeSource src) {
        add(new Event<>(Operation.DELETE, before, null, src));
    }

    @Override
    public void onTruncate(ChangeSource src) {
        add(new Event<>(Operation.TRUNCATE, null, null, src));
    }

    @Override
    public synchronized void onError(CdcException e) {
        errors.add(e);
        notifyAll();
    }

    /** Hook: called before an event is recorded; may throw to fail the callback. */
    void check(Event<T> e) {
    }

    private synchronized void add(Event<T> e) {
        check(e);
        events.add(e);
        notifyAll();
    }

    synchronized List<Event<T>> events() {
        return List.copyOf(events);
    }

    synchronized List<CdcException> errors() {
        return List.copyOf(errors);
    }

    synchronized List<Event<T>> awaitEvents(int n, Predicate<Event<T>> filter, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event<T>> matching = events.stream().filter(filter).toList();
            if (matching.size() >= n) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + n + " events, got " + matching.size() + ": " + events
                        + (errors.isEmpty() ? "" : ", errors " + errors));
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    synchronized void awaitErrors(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (errors.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + n + " errors, got " + errors);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }
}
