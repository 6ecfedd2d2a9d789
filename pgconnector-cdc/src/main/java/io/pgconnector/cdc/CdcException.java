package io.pgconnector.cdc;

import io.pgconnector.errors.PostgresException;

/**
 * A change data capture failure: the listener could not start (the server is not set up for logical replication, a
 * privilege is missing, the connection failed), the engine stopped with an error, or a callback kept failing. The
 * message says what to do next; secrets never appear in it. The SQLState is set when the server reported one.
 *
 * <p>When the listener cannot connect at start, the cause is the client's own exception for the same settings:
 * {@link io.pgconnector.errors.AuthenticationException} for refused credentials,
 * {@link io.pgconnector.errors.ConnectionException} for an unreachable server, a missing database or a TLS failure.
 */
public class CdcException extends PostgresException {
    private static final long serialVersionUID = 1L;

    private final transient ChangeSource source;

    /**
     * Creates an exception.
     *
     * @param message  what went wrong and how to fix it
     * @param sqlState the server's SQLState, or null
     * @param cause    the cause, or null
     */
    public CdcException(String message, String sqlState, Throwable cause) {
        this(message, sqlState, cause, null);
    }

    /**
     * Creates an exception about one change.
     *
     * @param message  what went wrong
     * @param sqlState the server's SQLState, or null
     * @param cause    the cause, or null
     * @param source   the change whose delivery failed, or null
     */
    public CdcException(String message, String sqlState, Throwable cause, ChangeSource source) {
        super(message, sqlState, cause);
        this.source = source;
    }

    /**
     * Creates an exception with a message only.
     *
     * @param message what went wrong and how to fix it
     */
    public CdcException(String message) {
        this(message, null, null, null);
    }

    /**
     * Returns the change whose delivery failed, when the failure is about one change.
     *
     * @return the change's source, or null
     */
    public ChangeSource source() {
        return source;
    }

    /**
     * Returns the change whose delivery failed as JSON, in Debezium's envelope ({@code before}, {@code after},
     * {@code source}, {@code op}, {@code ts_ms}; values as Debezium encodes them), so that {@code onError} can keep
     * it, for example in a dead-letter table. The row data is never part of {@link #getMessage()} or the log.
     *
     * @return the JSON, or null when the failure is not about one change
     */
    public String eventJson() {
        return null;
    }
}
