package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code oid}: an unsigned 32-bit object identifier, 0..4294967295.
 *
 * <p>Text form: the unsigned decimal number, e.g. {@code 1259}. Input also accepts negative numbers down to
 * {@code -2147483648}, wrapped as the server does ({@code -1} is {@code 4294967295}).
 *
 * <p>Example: {@code Oid.parse("1259").value() == 1259}.
 *
 * @param value the identifier, 0..4294967295
 */
public record Oid(long value) implements Comparable<Oid> {
    private static final long MAX = 0xFFFFFFFFL;

    /**
     * Validates the range.
     *
     * @param value the identifier, 0..4294967295
     */
    public Oid {
        if (value < 0 || value > MAX) {
            throw ConversionException.invalidText("oid", Long.toString(value), "out of range 0..4294967295");
        }
    }

    /**
     * Creates an identifier.
     *
     * @param value the identifier, 0..4294967295
     * @return the oid
     */
    public static Oid of(long value) {
        return new Oid(value);
    }

    /**
     * Creates an identifier from the signed 32-bit form some APIs use (e.g. JDBC's {@code getInt}).
     *
     * @param signed the identifier as a signed int
     * @return the oid
     */
    public static Oid fromSigned(int signed) {
        return new Oid(Integer.toUnsignedLong(signed));
    }

    /**
     * Parses a decimal oid, e.g. {@code 1259}.
     *
     * @param text the text
     * @return the oid
     * @throws ConversionException if the text is not a number in range
     */
    public static Oid parse(String text) {
        String s = PgText.requireText(text, "oid").strip();
        if (s.isEmpty() || s.length() > 11 || !s.matches("[+-]?[0-9]+")) {
            throw ConversionException.invalidText("oid", text, null);
        }
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > MAX) {
            throw ConversionException.invalidText("oid", text, "out of range");
        }
        return new Oid(v < 0 ? v + MAX + 1 : v);
    }

    /**
     * Compares numerically.
     *
     * @param other the other oid
     * @return negative, zero or positive
     */
    @Override
    public int compareTo(Oid other) {
        return Long.compare(value, other.value);
    }

    /**
     * Returns the decimal text form.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
