package io.pgconnector.types;

/**
 * A PostgreSQL {@code json} value: JSON text kept exactly as written (the server keeps it verbatim too, including
 * whitespace, key order and duplicate keys). The text is checked to be syntactically valid JSON (RFC 8259).
 * Equality is by the exact text.
 *
 * <p>Example: {@code Json.of("{\"a\": 1}").toString()} is {@code {"a": 1}}.
 *
 * @param text the JSON text
 */
public record Json(String text) {

    /**
     * Validates the text.
     *
     * @param text JSON text, not {@code null}
     */
    public Json {
        JsonText.validate("json", text);
    }

    /**
     * Creates a value from JSON text.
     *
     * @param text the JSON text
     * @return the value
     * @throws io.pgconnector.client.ConversionException if the text is not valid JSON
     */
    public static Json of(String text) {
        return new Json(text);
    }

    /**
     * Parses (validates) JSON text; the same as {@link #of}.
     *
     * @param text the JSON text
     * @return the value
     * @throws io.pgconnector.client.ConversionException if the text is not valid JSON
     */
    public static Json parse(String text) {
        return new Json(text);
    }

    /**
     * Returns the JSON text as given.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
