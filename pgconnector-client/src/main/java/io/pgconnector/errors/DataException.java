package io.pgconnector.errors;

/**
 * The parent of errors in moving data between Java and PostgreSQL that the client itself detects: a value that
 * cannot be converted, a type that does not fit, a column with no field. They are programming or data errors, not
 * connection problems, so retrying does not help.
 */
public class DataException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message  what did not fit, naming the column, parameter or type
     * @param sqlState a SQLSTATE from class {@code 22} or {@code 42}, or {@code null}
     * @param cause    the underlying cause, or {@code null}
     */
    public DataException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
