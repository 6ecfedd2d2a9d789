package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code macaddr8}: an 8-byte (EUI-64) MAC address, held in a {@code long}.
 *
 * <p>Text form: {@code 08:00:2b:01:02:03:04:05} (lower-case hex). Input accepts pairs of hex digits optionally
 * separated by one consistent separator ({@code :}, {@code -} or {@code .}), e.g. {@code 08-00-2b-01-02-03-04-05},
 * {@code 0800.2b01.0203.0405}, {@code 08002b0102030405}; 6-byte input is converted as the server does, by inserting
 * {@code ff:fe} in the middle ({@code 08:00:2b:01:02:03} becomes {@code 08:00:2b:ff:fe:01:02:03}).
 *
 * <p>Example: {@code MacAddr8.parse("08002b0102030405").toString()} is {@code 08:00:2b:01:02:03:04:05}.
 *
 * @param value the address as 64 bits
 */
public record MacAddr8(long value) {

    /**
     * Creates an address from 8 bytes, or from 6 bytes with {@code ff:fe} inserted.
     *
     * @param bytes 8 or 6 bytes
     * @return the address
     * @throws ConversionException if there are not 6 or 8 bytes
     */
    public static MacAddr8 of(byte... bytes) {
        if (bytes == null || (bytes.length != 8 && bytes.length != 6)) {
            throw new ConversionException("invalid macaddr8 value: 6 or 8 bytes are required");
        }
        if (bytes.length == 6) {
            return fromMacAddr(MacAddr.of(bytes));
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return new MacAddr8(v);
    }

    static MacAddr8 fromMacAddr(MacAddr mac) {
        long v = mac.value();
        return new MacAddr8(((v >>> 24) << 40) | (0xfffeL << 24) | (v & 0xffffffL));
    }

    /**
     * Parses the server's input forms, e.g. {@code 08:00:2b:01:02:03:04:05} or a 6-byte address.
     *
     * @param text the text
     * @return the address
     * @throws ConversionException if the text is not a MAC address
     */
    public static MacAddr8 parse(String text) {
        String s = PgText.requireText(text, "macaddr8").strip();
        byte[] bytes = new byte[8];
        int count = 0;
        char separator = 0;
        int i = 0;
        while (i < s.length()) {
            if (count > 0 && !Character.isLetterOrDigit(s.charAt(i))) {
                char c = s.charAt(i);
                if ((c != ':' && c != '-' && c != '.') || (separator != 0 && separator != c)) {
                    throw ConversionException.invalidText("macaddr8", text, "bad separator '" + c + "'");
                }
                separator = c;
                i++;
            }
            if (i + 2 > s.length() || count == 8) {
                throw ConversionException.invalidText("macaddr8", text, null);
            }
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0 || s.charAt(i) > 127 || s.charAt(i + 1) > 127) {
                throw ConversionException.invalidText("macaddr8", text, "bad hex digit");
            }
            bytes[count++] = (byte) (hi * 16 + lo);
            i += 2;
        }
        if (count == 6) {
            return of(java.util.Arrays.copyOf(bytes, 6));
        }
        if (count != 8) {
            throw ConversionException.invalidText("macaddr8", text, "6 or 8 bytes are required");
        }
        return of(bytes);
    }

    /**
     * Returns the 8 bytes.
     *
     * @return a new array of 8 bytes
     */
    public byte[] bytes() {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (8 * (7 - i)));
        }
        return out;
    }

    /**
     * Returns the server's text form, e.g. {@code 08:00:2b:01:02:03:04:05}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return formatBytes(bytes());
    }

    static String formatBytes(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return out.toString();
    }
}
