package io.pgconnector.errors;

/**
 * The client could not get or keep a connection: the server is unreachable, refused the connection, does not have
 * the requested database, or the connection broke. The SQLSTATE is the server's or driver's (class {@code 08} for
 * network problems, {@code 3D000} for an unknown database). Such errors are often transient; retrying later may help.
 */
public class ConnectionException extends DatabaseException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message  what failed, naming host, port, database and user (never the password)
     * @param sqlState the SQLSTATE
     * @param cause    the driver's exception
     */
    public ConnectionException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
