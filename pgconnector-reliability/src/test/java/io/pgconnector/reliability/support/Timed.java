package io.pgconnector.reliability.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The outcome of one timed call: its value or what it threw, and how long it took.
 *
 * @param value what the call returned, or null
 * @param error what the call threw, or null
 * @param elapsed how long the call took
 * @param <T> the value type
 */
public record Timed<T>(T value, Throwable error, Duration elapsed) {

    /**
     * Runs a call and times it; never throws what the call throws.
     *
     * @param call the call
     * @param <T> the value type
     * @return the outcome
     */
    public static <T> Timed<T> run(Callable<T> call) {
        long start = System.nanoTime();
        try {
            T v = call.call();
            return new Timed<>(v, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (Throwable t) {
            return new Timed<>(null, t, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** @return whether the call returned normally */
    public boolean succeeded() {
        return error == null;
    }
}
