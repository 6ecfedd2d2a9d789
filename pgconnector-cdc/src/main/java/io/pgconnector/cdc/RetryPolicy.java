package io.pgconnector.cdc;

import java.time.Duration;
import java.util.Objects;

/**
 * What the listener does when a callback throws: call it again after a growing pause, up to a number of attempts,
 * and then either stop the listener (the default: the change is not committed and is delivered again after the next
 * start) or, only if asked for with {@link #skippingWhenExhausted()}, log the change and go on.
 *
 * <p>The pause before attempt {@code n + 1} is {@code initialBackoff * 2^(n-1)}, at most {@code maxBackoff}.
 *
 * <pre>{@code
 * RetryPolicy.of(10, Duration.ofMillis(200), Duration.ofSeconds(30))
 * }</pre>
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5),
            false);
    private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, false);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final boolean skipWhenExhausted;

    private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, boolean skipWhenExhausted) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.skipWhenExhausted = skipWhenExhausted;
    }

    /**
     * Returns the default: 5 attempts, pauses from 100 ms doubling up to 5 s, then stop.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a policy that does not retry: the first failure stops the listener.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Returns a policy.
     *
     * @param maxAttempts    how many times a callback is called for one change, at least 1
     * @param initialBackoff the pause after the first failure, not negative
     * @param maxBackoff     the longest pause, at least {@code initialBackoff}
     * @return the policy; it stops the listener when the attempts are exhausted
     * @throws IllegalArgumentException if a value is out of range
     */
    public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Backoffs must satisfy 0 <= initialBackoff <= maxBackoff, were "
                    + initialBackoff + " and " + maxBackoff);
        }
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, false);
    }

    /**
     * Returns a copy that, once the attempts are exhausted, logs the change at ERROR, reports it to
     * {@link CdcService#onError} and goes on with the next change instead of stopping. The skipped change is lost
     * for this consumer: use only where that is acceptable. The same as
     * {@link CdcListener.Builder#eventErrorMode(EventErrorMode)} with {@link EventErrorMode#REPORT_AND_CONTINUE}.
     *
     * @return the skipping policy
     */
    public RetryPolicy skippingWhenExhausted() {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, true);
    }

    /**
     * Returns how many times a callback is called for one change.
     *
     * @return the attempts, at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the pause after the first failure.
     *
     * @return the initial backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * Returns the longest pause between attempts.
     *
     * @return the maximum backoff
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * Tells whether an exhausted change is skipped rather than stopping the listener.
     *
     * @return true when skipping
     */
    public boolean skipWhenExhausted() {
        return skipWhenExhausted;
    }

    /**
     * Returns the pause after failed attempt {@code attempt} (1-based).
     *
     * @param attempt the attempt that failed
     * @return the pause before the next attempt
     */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy r && r.maxAttempts == maxAttempts && r.initialBackoff.equals(initialBackoff)
                && r.maxBackoff.equals(maxBackoff) && r.skipWhenExhausted == skipWhenExhausted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, skipWhenExhausted);
    }

    /** Describes the policy. */
    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", whenExhausted=" + (skipWhenExhausted ? "skip" : "stop") + "]";
    }
}
