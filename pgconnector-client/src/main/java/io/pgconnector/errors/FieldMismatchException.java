package io.pgconnector.errors;

/**
 * A record component (or a required field) has no matching column in the result, or a column cannot be placed in
 * the target type. The message names the field and the columns that were available. SQLSTATE {@code 42703}
 * ("undefined column").
 */
public class FieldMismatchException extends DataException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which field and which columns
     */
    public FieldMismatchException(String message) {
        super(message, "42703", null);
    }
}
