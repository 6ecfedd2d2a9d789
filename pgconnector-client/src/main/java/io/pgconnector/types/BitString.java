package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.util.Arrays;

/**
 * A PostgreSQL {@code bit} or {@code bit varying} value: a sequence of bits, possibly empty.
 *
 * <p>Text form: {@code 101}. Input accepts only {@code 0} and {@code 1}, optionally after a {@code B} prefix, or hex
 * digits after an {@code X} prefix ({@code X1F} is {@code 00011111}), as the server does.
 *
 * <p>Example: {@code BitString.parse("101").get(1)} is {@code false}.
 */
public final class BitString {
    private final boolean[] bits;

    private BitString(boolean[] bits) {
        this.bits = bits;
    }

    /**
     * Creates a bit string.
     *
     * @param bits the bits, first is leftmost
     * @return the bit string
     */
    public static BitString of(boolean... bits) {
        if (bits == null) {
            throw new ConversionException("invalid bit value: bits must not be null");
        }
        return new BitString(bits.clone());
    }

    /**
     * Parses {@code 101}, {@code B101} or {@code X1F}.
     *
     * @param text the text
     * @return the bit string
     * @throws ConversionException if the text contains anything but the allowed digits
     */
    public static BitString parse(String text) {
        String s = PgText.requireText(text, "bit");
        if (!s.isEmpty() && (s.charAt(0) == 'x' || s.charAt(0) == 'X')) {
            boolean[] bits = new boolean[(s.length() - 1) * 4];
            for (int i = 1; i < s.length(); i++) {
                int d = s.charAt(i) < 128 ? Character.digit(s.charAt(i), 16) : -1;
                if (d < 0) {
                    throw ConversionException.invalidText("bit", text, "'" + s.charAt(i) + "' is not a valid hexadecimal digit");
                }
                for (int b = 0; b < 4; b++) {
                    bits[(i - 1) * 4 + b] = (d & (8 >> b)) != 0;
                }
            }
            return new BitString(bits);
        }
        int start = !s.isEmpty() && (s.charAt(0) == 'b' || s.charAt(0) == 'B') ? 1 : 0;
        boolean[] bits = new boolean[s.length() - start];
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '1') {
                throw ConversionException.invalidText("bit", text, "'" + c + "' is not a valid binary digit");
            }
            bits[i - start] = c == '1';
        }
        return new BitString(bits);
    }

    /**
     * Returns the number of bits.
     *
     * @return the length
     */
    public int length() {
        return bits.length;
    }

    /**
     * Returns one bit.
     *
     * @param index the position, 0 is leftmost
     * @return the bit
     * @throws IndexOutOfBoundsException if the index is not within the length
     */
    public boolean get(int index) {
        return bits[index];
    }

    /**
     * Returns the bits.
     *
     * @return a new array, first is leftmost
     */
    public boolean[] toArray() {
        return bits.clone();
    }

    /**
     * Returns the server's text form, e.g. {@code 101}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(bits.length);
        for (boolean b : bits) {
            out.append(b ? '1' : '0');
        }
        return out.toString();
    }

    /**
     * Equal when the bits are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof BitString && Arrays.equals(bits, ((BitString) o).bits);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }
}
