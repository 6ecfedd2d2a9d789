package io.pgconnector.errors;

/** Thrown by every operation on a client (or a pool) after it was closed. */
public class ClientClosedException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which client was closed
     */
    public ClientClosedException(String message) {
        super(message, "08003", null);
    }
}
