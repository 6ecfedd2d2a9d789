package io.pgconnector.types;

/**
 * A PostgreSQL {@code jsonb} value: JSON text that the server stores decomposed, so its printed text differs from
 * the input ({@code {"b":1, "a":[1,2.50]}} prints as {@code {"a": [1, 2.50], "b": 1}}).
 *
 * <p>{@link #toString()} returns the text as given. <b>Equality is semantic</b>: two values are equal when their
 * canonical forms ({@link #normalized()}) are equal, i.e. ignoring insignificant whitespace and object key order,
 * keeping only the last of duplicate keys (as {@code jsonb} does), comparing numbers by value ({@code 2.50} equals
 * {@code 2.5}, {@code 1e2} equals {@code 100}) and strings after decoding escapes ({@code "\u0041"} equals
 * {@code "A"}). So a value written by the client equals the value read back from the server.
 *
 * <p>Example: {@code Jsonb.of("{\"b\":1,\"a\":2}").equals(Jsonb.of("{\"a\": 2, \"b\": 1}"))} is {@code true}.
 */
public final class Jsonb {
    private final String text;
    // Computed on first use: most values (every jsonb column read, every CDC event) are never compared, and the
    // canonical form costs several times the validation. A racy first use computes the same string twice at worst.
    private String normalized;

    static {
        io.pgconnector.types.internal.ServerText.installJsonb(text -> new Jsonb(text, false));
    }

    private Jsonb(String text) {
        this(text, true);
    }

    private Jsonb(String text, boolean validate) {
        if (validate) {
            JsonText.validate("jsonb", text);
        } else if (text == null) {
            throw new NullPointerException("jsonb text");
        }
        this.text = text;
    }

    /**
     * Creates a value from JSON text.
     *
     * @param text the JSON text, not {@code null}
     * @return the value
     * @throws io.pgconnector.errors.ConversionException if the text is not valid JSON
     */
    public static Jsonb of(String text) {
        return new Jsonb(text);
    }

    /**
     * Parses (validates) JSON text; the same as {@link #of}.
     *
     * @param text the JSON text
     * @return the value
     * @throws io.pgconnector.errors.ConversionException if the text is not valid JSON
     */
    public static Jsonb parse(String text) {
        return new Jsonb(text);
    }

    /**
     * Returns the JSON text as given.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * Returns the canonical form used for equality: no whitespace, keys sorted, numbers without trailing zeros,
     * e.g. {@code {"a":[1,2.5],"b":1}}. It is valid JSON but not the server's printed form.
     *
     * @return the canonical JSON text
     */
    public String normalized() {
        String n = normalized;
        if (n == null) {
            n = JsonText.canonical("jsonb", text);
            normalized = n;
        }
        return n;
    }

    /**
     * Semantic equality, see the class description.
     *
     * @param o the other object
     * @return whether both hold the same JSON value
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Jsonb && ((Jsonb) o).normalized().equals(normalized());
    }

    /**
     * A hash of the canonical form.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return normalized().hashCode();
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
    public static Jsonb fromObject(Object value) {
        return of(JacksonCodec.write(value));
    }
}
