package io.pgconnector.embedded;

/**
 * Thrown when the embedded PostgreSQL server cannot be prepared, started, queried or stopped.
 * Startup failures carry the tail of the server log in the message.
 */
public class EmbeddedPostgresException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying problem
     */
    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
