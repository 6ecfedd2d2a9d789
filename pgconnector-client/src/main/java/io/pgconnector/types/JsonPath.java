package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code jsonpath} expression, e.g. {@code $.a[*] ? (@ > 1)}. Only checked to be non-blank here;
 * the server validates the syntax. Equality is by the exact text (the server prints a normalised form, e.g.
 * {@code $."a"[*]?(@ > 1)}).
 *
 * <p>Example: {@code JsonPath.of("$.a").toString()} is {@code $.a}.
 *
 * @param text the expression
 */
public record JsonPath(String text) {

    /**
     * Validates the expression.
     *
     * @param text the expression, not blank
     */
    public JsonPath {
        if (text == null || text.isBlank()) {
            throw ConversionException.invalidText("jsonpath", text, "must not be empty");
        }
    }

    /**
     * Creates a path.
     *
     * @param text the expression
     * @return the path
     */
    public static JsonPath of(String text) {
        return new JsonPath(text);
    }

    /**
     * Parses a path; the same as {@link #of}.
     *
     * @param text the expression
     * @return the path
     */
    public static JsonPath parse(String text) {
        return new JsonPath(text);
    }

    /**
     * Returns the expression.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
