package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.util.regex.Pattern;

/**
 * A PostgreSQL {@code macaddr}: a 6-byte MAC address, held in the low 48 bits of a {@code long}.
 *
 * <p>Text form: {@code 08:00:2b:01:02:03} (lower-case hex). Input accepts the server's variants
 * {@code 08-00-2b-01-02-03}, {@code 08002b:010203}, {@code 08002b-010203}, {@code 0800.2b01.0203},
 * {@code 0800-2b01-0203} and {@code 08002b010203}, in either case.
 *
 * <p>Example: {@code MacAddr.parse("0800.2b01.0203").toString()} is {@code 08:00:2b:01:02:03}.
 *
 * @param value the address as an unsigned 48-bit number
 */
public record MacAddr(long value) {
    private static final String H2 = "[0-9a-fA-F]{2}";
    private static final Pattern[] FORMATS = {
        Pattern.compile(H2 + "(:" + H2 + "){5}"),
        Pattern.compile(H2 + "(-" + H2 + "){5}"),
        Pattern.compile("[0-9a-fA-F]{6}[:-][0-9a-fA-F]{6}"),
        Pattern.compile("[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}"),
        Pattern.compile("[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"),
        Pattern.compile("[0-9a-fA-F]{12}"),
    };

    /**
     * Validates the value.
     *
     * @param value the address, 0 to 2^48-1
     */
    public MacAddr {
        if (value < 0 || value >= (1L << 48)) {
            throw ConversionException.invalidText("macaddr", Long.toHexString(value), "more than 6 bytes");
        }
    }

    /**
     * Creates an address from its 6 bytes.
     *
     * @param bytes the bytes, exactly 6
     * @return the address
     * @throws ConversionException if there are not 6 bytes
     */
    public static MacAddr of(byte... bytes) {
        if (bytes == null || bytes.length != 6) {
            throw new ConversionException("invalid macaddr value: exactly 6 bytes are required");
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return new MacAddr(v);
    }

    /**
     * Parses any of the server's input forms, e.g. {@code 08:00:2b:01:02:03}.
     *
     * @param text the text
     * @return the address
     * @throws ConversionException if the text is not a MAC address
     */
    public static MacAddr parse(String text) {
        String s = PgText.requireText(text, "macaddr").strip();
        for (Pattern p : FORMATS) {
            if (p.matcher(s).matches()) {
                return new MacAddr(Long.parseLong(s.replaceAll("[^0-9a-fA-F]", ""), 16));
            }
        }
        throw ConversionException.invalidText("macaddr", text, null);
    }

    /**
     * Returns the 6 bytes.
     *
     * @return a new array of 6 bytes
     */
    public byte[] bytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (value >>> (8 * (5 - i)));
        }
        return out;
    }

    /**
     * Converts to an 8-byte address the way the server casts {@code macaddr} to {@code macaddr8}, inserting
     * {@code ff:fe} in the middle.
     *
     * @return the 8-byte address
     */
    public MacAddr8 toMacAddr8() {
        return MacAddr8.fromMacAddr(this);
    }

    /**
     * Returns the server's text form, e.g. {@code 08:00:2b:01:02:03}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return MacAddr8.formatBytes(bytes());
    }

}
