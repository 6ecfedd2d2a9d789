package io.pgconnector.errors;

/**
 * No pooled connection became free within the pool's connection timeout. The message says how many connections the
 * pool has and how many are in use. Usually a stream or call result that was not closed holds a connection, or the
 * pool is too small for the load. SQLSTATE {@code 08001}.
 */
public class PoolExhaustedException extends ConnectionException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the pool's state and what to do
     * @param cause   the pool's exception
     */
    public PoolExhaustedException(String message, Throwable cause) {
        super(message, "08001", cause);
    }
}
