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
     * @throws io.pgconnector.errors.ConversionException if the text is not valid JSON
     */
    public static Json of(String text) {
        return new Json(text);
    }

    /**
     * Parses (validates) JSON text; the same as {@link #of}.
     *
     * @param text the JSON text
     * @return the value
     * @throws io.pgconnector.errors.ConversionException if the text is not valid JSON
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

    /**
     * Reads the JSON into a Java object with Jackson (an optional dependency), for example a {@code JsonNode}, a
     * {@code Map} or your own record.
     *
     * <pre>{@code Order order = row.payload().read(Order.class);}</pre>
     *
     * @param type the Java type
     * @param <T>  the Java type
     * @return the object
     * @throws io.pgconnector.errors.ConversionException      if the JSON does not fit the type
     * @throws io.pgconnector.errors.UnsupportedTypeException if Jackson is not on the class path
     */
    public <T> T read(Class<T> type) {
        return JacksonCodec.read(text(), type);
    }

    /**
     * Writes a Java object (a {@code JsonNode}, a {@code Map}, a record...) as JSON with Jackson.
     *
     * @param value the object
     * @return the JSON value
     * @throws io.pgconnector.errors.ConversionException      if the object cannot be written as JSON
     * @throws io.pgconnector.errors.UnsupportedTypeException if Jackson is not on the class path
     */
    public static Json fromObject(Object value) {
        return of(JacksonCodec.write(value));
    }
}
