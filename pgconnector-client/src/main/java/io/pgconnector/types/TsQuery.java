package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code tsquery}, e.g. {@code 'fat' & ( 'rat' | 'cat' )}. The text is kept as given; only balanced
 * parentheses and closed quotes are checked here, the server parses the operators. Equality is by the exact text
 * (the server prints a normalised form, e.g. {@code fat & (rat | cat)} reads back as {@code 'fat' & ( 'rat' | 'cat' )}).
 *
 * <p>Example: {@code TsQuery.parse("fat & !rat").toString()} is {@code fat & !rat}.
 *
 * @param text the query text
 */
public record TsQuery(String text) {

    /**
     * Validates the query.
     *
     * @param text the query, not {@code null}, with balanced parentheses and closed quotes
     */
    public TsQuery {
        if (text == null) {
            throw ConversionException.invalidText("tsquery", null, "must not be null");
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= text.length()) {
                    throw ConversionException.invalidText("tsquery", text, "unterminated escape");
                }
            } else if (c == '\'') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                if (--depth < 0) {
                    throw ConversionException.invalidText("tsquery", text, "unbalanced parenthesis");
                }
            }
        }
        if (quoted) {
            throw ConversionException.invalidText("tsquery", text, "unterminated quote");
        }
        if (depth != 0) {
            throw ConversionException.invalidText("tsquery", text, "unbalanced parenthesis");
        }
    }

    /**
     * Creates a query.
     *
     * @param text the query text
     * @return the query
     */
    public static TsQuery of(String text) {
        return new TsQuery(text);
    }

    /**
     * Parses (validates) a query; the same as {@link #of}.
     *
     * @param text the query text
     * @return the query
     */
    public static TsQuery parse(String text) {
        return new TsQuery(text);
    }

    /**
     * Returns the query text.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
