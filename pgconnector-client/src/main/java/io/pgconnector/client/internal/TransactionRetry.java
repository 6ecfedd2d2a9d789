package io.pgconnector.client.internal;

import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.TransactionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Runs a whole transaction again after a serialization failure or deadlock, as {@link TransactionOptions} say. */
final class TransactionRetry {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRetry.class);

    private TransactionRetry() {
    }

    static <R> R run(TransactionOptions options, Supplier<R> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                String state = sqlState(e);
                if (n >= options.maxAttempts() || !TransactionOptions.isRetryable(state)) {
                    throw e;
                }
                long base = options.retryBackoff().toMillis() * n;
                long pause = base + (base > 0 ? ThreadLocalRandom.current().nextLong(base) : 0);
                LOG.debug("Transaction attempt {} of {} failed with SQLSTATE {}; running it again in {} ms", n,
                        options.maxAttempts(), state, pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(ie);
                    throw e;
                }
            }
        }
    }

    /** The SQLSTATE of a failure, also when the callback wrapped the client's or the driver's exception. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PostgresException p && p.sqlState() != null) {
                return p.sqlState();
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }
}
