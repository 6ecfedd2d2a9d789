package io.pgconnector.errors;

/** Thrown by {@code queryRow} when the query returned no row. SQLSTATE {@code 02000} ("no data"). */
public class NoRowsException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which query returned no row
     */
    public NoRowsException(String message) {
        super(message, "02000", null);
    }
}
