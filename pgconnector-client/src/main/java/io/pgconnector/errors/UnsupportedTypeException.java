package io.pgconnector.errors;

/**
 * A Java type that the client does not know how to send as a parameter or build from a column. Register a binder or
 * mapper for it, or convert the value first. SQLSTATE {@code 0A000} ("feature not supported").
 */
public class UnsupportedTypeException extends DataException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which type, and where it was used
     */
    public UnsupportedTypeException(String message) {
        super(message, "0A000", null);
    }
}
