package io.pgconnector.reliability.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for a condition, instead of sleeping for a guessed time. */
public final class Await {
    private Await() {
    }

    /**
     * Polls every 5 ms until the condition holds.
     *
     * @param limit how long to wait at most
     * @param what the condition, for the failure message
     * @param condition the condition
     * @return the time it took
     * @throws AssertionError if the condition does not hold within the limit
     */
    public static Duration until(Duration limit, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + what, e);
            }
        }
    }
}
