package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.net.InetAddress;

/**
 * A PostgreSQL {@code cidr}: an IPv4 or IPv6 network, whose address has no bits set to the right of the netmask
 * ({@code 192.168.1.1/24} is rejected, as by the server).
 *
 * <p>Text form: always {@code address/prefix}, e.g. {@code 192.168.1.0/24}, {@code 2001:db8::/32}. Input also
 * accepts abbreviated IPv4 networks with the server's classful default prefix, e.g. {@code 10} is
 * {@code 10.0.0.0/8} and {@code 192.168.1} is {@code 192.168.1.0/24}.
 *
 * <p>Example: {@code Cidr.parse("10.1.0.0/16").prefixLength() == 16}.
 *
 * @param address      the network address
 * @param prefixLength the netmask length, 0..32 for IPv4 and 0..128 for IPv6
 */
public record Cidr(InetAddress address, int prefixLength) {

    /**
     * Validates the network.
     *
     * @param address      the network address, not {@code null}
     * @param prefixLength the netmask length
     */
    public Cidr {
        if (address == null) {
            throw new ConversionException("invalid cidr value: address must not be null");
        }
        byte[] bytes = address.getAddress();
        int max = bytes.length * 8;
        String shown = NetAddr.format(address) + "/" + prefixLength;
        if (prefixLength < 0 || prefixLength > max) {
            throw ConversionException.invalidText("cidr", shown, "prefix length must be between 0 and " + max);
        }
        if (!NetAddr.hostBitsZero(bytes, prefixLength)) {
            throw ConversionException.invalidText("cidr", shown, "value has bits set to right of mask");
        }
    }

    /**
     * Creates a network.
     *
     * @param address      the network address, host bits zero
     * @param prefixLength the netmask length
     * @return the network
     */
    public static Cidr of(InetAddress address, int prefixLength) {
        return new Cidr(address, prefixLength);
    }

    /**
     * Parses {@code 192.168.1.0/24}, {@code 2001:db8::/32}, or an abbreviated IPv4 network such as {@code 10}.
     *
     * @param text the text
     * @return the network
     * @throws ConversionException if the text is not a network or has host bits set
     */
    public static Cidr parse(String text) {
        NetAddr.Parsed p = NetAddr.parse(text, "cidr", true);
        int prefix = p.prefix;
        if (prefix < 0) {
            if (p.bytes.length == 16) {
                prefix = 128;
            } else {
                prefix = classfulPrefix(p);
            }
        }
        if (prefix < 0 || !NetAddr.hostBitsZero(p.bytes, prefix)) {
            throw ConversionException.invalidText("cidr", text, "value has bits set to right of mask");
        }
        return new Cidr(NetAddr.toAddress(p.bytes), prefix);
    }

    /** The server's (inet_cidr_pton_ipv4) default prefix for IPv4 text without one. */
    private static int classfulPrefix(NetAddr.Parsed p) {
        int first = p.bytes[0] & 0xff;
        int bits;
        if (first >= 240) {
            bits = 32;
        } else if (first >= 224) {
            bits = 8;
        } else if (first >= 192) {
            bits = 24;
        } else if (first >= 128) {
            bits = 16;
        } else {
            bits = 8;
        }
        if (bits < p.ipv4Octets * 8) {
            bits = p.ipv4Octets * 8;
        }
        if (bits == 8 && first == 224) {
            bits = 4;
        }
        return bits;
    }

    /**
     * Returns the server's text form, e.g. {@code 192.168.1.0/24}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return NetAddr.format(address) + "/" + prefixLength;
    }
}
