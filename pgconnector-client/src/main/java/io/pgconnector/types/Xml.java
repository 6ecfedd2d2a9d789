package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code xml} value: a document or content fragment, kept as text. Not validated here (the server
 * does that); equality is by the exact text.
 *
 * <p>Example: {@code Xml.of("<a>1</a>").toString()} is {@code <a>1</a>}.
 *
 * @param text the XML text
 */
public record Xml(String text) {

    /**
     * Validates the value.
     *
     * @param text the XML text, not {@code null}
     */
    public Xml {
        if (text == null) {
            throw ConversionException.invalidText("xml", null, "must not be null");
        }
    }

    /**
     * Creates a value.
     *
     * @param text the XML text
     * @return the value
     */
    public static Xml of(String text) {
        return new Xml(text);
    }

    /**
     * Reads the text form; the same as {@link #of}.
     *
     * @param text the XML text
     * @return the value
     */
    public static Xml parse(String text) {
        return new Xml(text);
    }

    /**
     * Returns the XML text.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
