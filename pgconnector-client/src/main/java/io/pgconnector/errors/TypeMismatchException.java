package io.pgconnector.errors;

/**
 * A column, parameter or result does not fit the Java type it is read into: for example a {@code text} column read
 * into an {@code int} record component, or a scalar target for a query that returns several columns. The message names
 * the column, the SQL type and the Java type. SQLSTATE {@code 42804} ("datatype mismatch").
 */
public class TypeMismatchException extends DataException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what did not fit
     * @param cause   the underlying cause, or {@code null}
     */
    public TypeMismatchException(String message, Throwable cause) {
        super(message, "42804", cause);
    }

    /**
     * Creates the exception with no cause.
     *
     * @param message what did not fit
     */
    public TypeMismatchException(String message) {
        this(message, null);
    }
}
