package io.pgconnector.errors;

import java.util.Optional;

/**
 * The root of every exception thrown by pgconnector. It is unchecked, so callers handle only what they can act on.
 *
 * <p>Every exception carries a SQLSTATE: errors reported by the server carry the server's code; errors raised by
 * the client itself carry a code from PostgreSQL's own classes where one fits (for example {@code 08xxx} for
 * connection failures, {@code 22xxx} for data conversion) or {@code null} where none does.
 *
 * <p>Messages never contain passwords or other secrets.
 */
public class PostgresException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The SQLSTATE, or {@code null}. */
    private final String sqlState;

    /**
     * Creates an exception.
     *
     * @param message  what went wrong and, where possible, what to do about it
     * @param sqlState the five-character SQLSTATE, or {@code null} when none applies
     * @param cause    the underlying cause, or {@code null}
     */
    public PostgresException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /**
     * Creates an exception with no SQLSTATE and no cause.
     *
     * @param message what went wrong
     */
    public PostgresException(String message) {
        this(message, null, null);
    }

    /**
     * Returns the SQLSTATE of this error: the server's code for database errors, a client-chosen code otherwise.
     *
     * @return the five-character SQLSTATE, or {@code null} when none applies
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Returns the SQLSTATE, if any.
     *
     * @return the SQLSTATE or empty
     */
    public Optional<String> sqlStateIfPresent() {
        return Optional.ofNullable(sqlState);
    }

    /**
     * Tells whether this error is a connection failure: the server could not be reached, the connection broke, the
     * pool could not hand out a connection in time (SQLSTATE class {@code 08}), or the server ended or refused the
     * session because it is stopping, restarting or starting up ({@code 57P01} admin_shutdown, {@code 57P02}
     * crash_shutdown, {@code 57P03} cannot_connect_now). Such errors are usually transient.
     *
     * @return {@code true} for SQLSTATE class {@code 08} and for {@code 57P01}, {@code 57P02} and {@code 57P03}
     */
    public boolean isConnectionError() {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03"));
    }

    /**
     * Tells whether this error is an authentication or authorisation failure at connect time (SQLSTATE class
     * {@code 28}): a wrong password or a user the server does not accept.
     *
     * @return {@code true} for SQLSTATE class {@code 28}
     */
    public boolean isAuthenticationError() {
        return sqlState != null && sqlState.startsWith("28");
    }
}
