package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.Locale;

/**
 * A value of the {@code citext} extension: text whose comparisons ignore case. Equality and hash code here ignore
 * case too (by {@link String#toLowerCase(Locale) lower-casing} in the root locale, as {@code citext} lower-cases in
 * the database's locale), so a {@code Set<Citext>} behaves like a unique {@code citext} column for common text. It
 * travels as {@code citext} once {@code io.pgconnector.codec.CitextCodec} is registered; a {@code citext} column
 * can always be read as a plain {@code String} too.
 *
 * <p>Example: {@code Citext.of("Alice@Example.com").equals(Citext.of("alice@example.com"))} is true.
 */
public final class Citext implements Comparable<Citext> {
    private final String text;
    private final String folded;

    private Citext(String text) {
        this.text = text;
        this.folded = text.toLowerCase(Locale.ROOT);
    }

    /**
     * Creates a value.
     *
     * @param text the text, as written
     * @return the value
     * @throws ConversionException if the text is null
     */
    public static Citext of(String text) {
        if (text == null) {
            throw ConversionException.invalidText("citext", null, "must not be null");
        }
        return new Citext(text);
    }

    /**
     * Reads the text form; the same as {@link #of}.
     *
     * @param text the text
     * @return the value
     */
    public static Citext parse(String text) {
        return of(text);
    }

    /**
     * Returns the text as written (its case kept).
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * Compares case-insensitively.
     *
     * @param o the other value
     * @return true if both texts are equal ignoring case
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Citext && ((Citext) o).folded.equals(folded);
    }

    /**
     * Returns a hash code that ignores case.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return folded.hashCode();
    }

    /**
     * Orders case-insensitively.
     *
     * @param o the other value
     * @return the order
     */
    @Override
    public int compareTo(Citext o) {
        return folded.compareTo(o.folded);
    }

    /**
     * Returns the text as written.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
