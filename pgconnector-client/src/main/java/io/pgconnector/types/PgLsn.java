package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code pg_lsn}: a write-ahead log location, an unsigned 64-bit number. Ordered as unsigned.
 *
 * <p>Text form: the high and low 32 bits in upper-case hex, {@code 16/B374D848}; input accepts either case.
 *
 * <p>Example: {@code PgLsn.parse("16/B374D848").value() == 0x16B374D848L}.
 *
 * @param value the location as an unsigned 64-bit number
 */
public record PgLsn(long value) implements Comparable<PgLsn> {

    /** The location {@code 0/0}, the server's invalid LSN. */
    public static final PgLsn INVALID = new PgLsn(0);

    /**
     * Creates a location.
     *
     * @param value the location as an unsigned 64-bit number
     * @return the LSN
     */
    public static PgLsn of(long value) {
        return new PgLsn(value);
    }

    /**
     * Parses {@code 16/B374D848}.
     *
     * @param text the text
     * @return the LSN
     * @throws ConversionException if the text is not two hex numbers of up to 8 digits separated by {@code /}
     */
    public static PgLsn parse(String text) {
        String s = PgText.requireText(text, "pg_lsn").strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw ConversionException.invalidText("pg_lsn", text, "missing '/'");
        }
        return new PgLsn((hex(s.substring(0, slash), text) << 32) | hex(s.substring(slash + 1), text));
    }

    private static long hex(String part, String text) {
        if (part.isEmpty() || part.length() > 8) {
            throw ConversionException.invalidText("pg_lsn", text, "each half needs 1 to 8 hex digits");
        }
        long v = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            int d = c < 128 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                throw ConversionException.invalidText("pg_lsn", text, "'" + c + "' is not a hex digit");
            }
            v = v * 16 + d;
        }
        return v;
    }

    /**
     * Compares as unsigned numbers.
     *
     * @param other the other location
     * @return negative, zero or positive
     */
    @Override
    public int compareTo(PgLsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    /**
     * Returns the server's text form, e.g. {@code 16/B374D848}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
