package io.pgconnector.errors;

/**
 * A value could not be converted: text that is not a valid PostgreSQL literal of the type, or a Java value out of
 * the type's range. The message names the type and the offending input. SQLSTATE {@code 22P02}
 * ("invalid text representation").
 */
public class ConversionException extends DataException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be converted
     * @param cause   the underlying cause, or {@code null}
     */
    public ConversionException(String message, Throwable cause) {
        super(message, "22P02", cause);
    }

    /**
     * Creates the exception with no cause.
     *
     * @param message what could not be converted
     */
    public ConversionException(String message) {
        this(message, null);
    }

    /**
     * Creates the standard message for text that is not a valid literal of a PostgreSQL type.
     *
     * @param typeName the PostgreSQL or Java type being parsed
     * @param input    the text that was rejected (shortened when long)
     * @param reason   why it was rejected, or {@code null}
     * @return the exception to throw
     */
    public static ConversionException invalidText(String typeName, String input, String reason) {
        String shown = input == null ? "null"
                : "'" + (input.length() > 200 ? input.substring(0, 200) + "..." : input) + "'";
        return new ConversionException("invalid " + typeName + " value " + shown
                + (reason == null ? "" : ": " + reason));
    }
}
