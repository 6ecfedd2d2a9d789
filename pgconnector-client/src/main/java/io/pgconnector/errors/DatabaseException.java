package io.pgconnector.errors;

/**
 * An error reported by the PostgreSQL server (or by the driver while talking to it): a syntax error, a constraint
 * violation, a failed connection, a refused password. {@link #sqlState()} is the server's SQLSTATE and the message is
 * the server's message.
 */
public class DatabaseException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates a database exception.
     *
     * @param message  the server's message
     * @param sqlState the server's SQLSTATE, or {@code null} if the driver gave none
     * @param cause    the driver's exception
     */
    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
