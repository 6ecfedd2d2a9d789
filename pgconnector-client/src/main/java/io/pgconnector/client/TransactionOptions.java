package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PostgresClient#transaction(TransactionOptions, TransactionCallback)} runs a transaction: its isolation
 * level and whether a serialization failure ({@code 40001}) or a deadlock ({@code 40P01}) runs the whole transaction
 * again. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>isolation</td><td>the pool's default</td><td>the transaction's isolation level</td></tr>
 *   <tr><td>maxAttempts</td><td>1 (no retry)</td><td>how many times the transaction runs at most when it fails with
 *   {@code 40001} or {@code 40P01}; then the last failure, with its SQLSTATE, reaches the caller</td></tr>
 *   <tr><td>retryBackoff</td><td>20 ms</td><td>the pause before the second attempt, growing with each further
 *   attempt (with a random part, so that two conflicting transactions do not collide again)</td></tr>
 * </table>
 *
 * <p>A retried callback runs again from the start, so it must only touch the database through its
 * {@link Transaction} (or be safe to repeat).
 *
 * <pre>{@code
 * TransactionOptions serializable = TransactionOptions.builder()
 *         .isolation(IsolationLevel.SERIALIZABLE).maxAttempts(5).build();
 * client.transaction(serializable, tx -> tx.execute(Sql.of("UPDATE account SET balance = balance - 10 WHERE id = 1")));
 * }</pre>
 */
public final class TransactionOptions {
    private static final TransactionOptions DEFAULTS = builder().build();

    private final IsolationLevel isolation;
    private final int maxAttempts;
    private final Duration retryBackoff;

    private TransactionOptions(Builder b) {
        this.isolation = b.isolation;
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
    }

    /**
     * Returns the defaults: the pool's isolation level, no retry.
     *
     * @return the defaults
     */
    public static TransactionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the isolation level.
     *
     * @return the level, or null for the pool's default
     */
    public IsolationLevel isolation() {
        return isolation;
    }

    /**
     * Returns how many times the transaction runs at most.
     *
     * @return the attempts, at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the pause before the second attempt.
     *
     * @return the backoff
     */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * Tells whether a failure with this SQLSTATE runs the transaction again: serialization failures
     * ({@code 40001}) and deadlocks ({@code 40P01}).
     *
     * @param sqlState the SQLSTATE, or null
     * @return true when retrying may succeed
     */
    public static boolean isRetryable(String sqlState) {
        return "40001".equals(sqlState) || "40P01".equals(sqlState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionOptions t && t.isolation == isolation && t.maxAttempts == maxAttempts
                && t.retryBackoff.equals(retryBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isolation, maxAttempts, retryBackoff);
    }

    @Override
    public String toString() {
        return "TransactionOptions[isolation=" + (isolation == null ? "default" : isolation) + ", maxAttempts="
                + maxAttempts + ", retryBackoff=" + retryBackoff + "]";
    }

    /** Builds {@link TransactionOptions}. */
    public static final class Builder {
        private IsolationLevel isolation;
        private int maxAttempts = 1;
        private Duration retryBackoff = Duration.ofMillis(20);

        private Builder() {
        }

        /**
         * Sets the isolation level.
         *
         * @param level the level, or null for the pool's default
         * @return this builder
         */
        public Builder isolation(IsolationLevel level) {
            this.isolation = level;
            return this;
        }

        /**
         * Sets how many times the transaction runs at most when it fails with a serialization failure
         * ({@code 40001}) or a deadlock ({@code 40P01}); 1 (the default) never retries.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the pause before the second attempt; later pauses grow linearly, each with a random part.
         *
         * @param backoff not negative, at most 10 s
         * @return this builder
         */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Checks the values and builds the options.
         *
         * @return the options
         * @throws ConfigurationException if a value is out of range
         */
        public TransactionOptions build() {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new ConfigurationException("maxAttempts must be 1 to 100, got " + maxAttempts);
            }
            if (retryBackoff.isNegative() || retryBackoff.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new ConfigurationException("retryBackoff must be 0 to 10 s, got " + retryBackoff);
            }
            return new TransactionOptions(this);
        }
    }
}
