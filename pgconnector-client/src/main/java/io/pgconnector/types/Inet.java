package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.net.InetAddress;

/**
 * A PostgreSQL {@code inet}: an IPv4 or IPv6 host address with an optional netmask length (host bits may be set).
 *
 * <p>Text form: the address alone when the prefix is the full length ({@code 192.168.0.1}, {@code 2001:db8::1}),
 * otherwise {@code address/prefix} ({@code 192.168.0.1/24}). IPv6 is compressed as the server prints it, with an
 * embedded IPv4 address in dotted form for {@code ::ffff:1.2.3.4}. No name resolution is ever done; IPv4-mapped
 * IPv6 addresses stay {@link java.net.Inet6Address}es.
 *
 * <p>Example: {@code Inet.parse("192.168.0.1/24").prefixLength() == 24}.
 *
 * @param address      the address
 * @param prefixLength the netmask length, 0..32 for IPv4 and 0..128 for IPv6
 */
public record Inet(InetAddress address, int prefixLength) {

    /**
     * Validates the prefix length against the address family.
     *
     * @param address      the address, not {@code null}
     * @param prefixLength the netmask length
     */
    public Inet {
        if (address == null) {
            throw new ConversionException("invalid inet value: address must not be null");
        }
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw ConversionException.invalidText("inet", NetAddr.format(address) + "/" + prefixLength,
                    "prefix length must be between 0 and " + max);
        }
    }

    /**
     * Creates a host address with the full prefix length.
     *
     * @param address the address
     * @return the inet value
     */
    public static Inet of(InetAddress address) {
        return new Inet(address, address == null ? 0 : address.getAddress().length * 8);
    }

    /**
     * Creates an address with a netmask length.
     *
     * @param address      the address
     * @param prefixLength the netmask length
     * @return the inet value
     */
    public static Inet of(InetAddress address, int prefixLength) {
        return new Inet(address, prefixLength);
    }

    /**
     * Parses {@code 192.168.0.1}, {@code 192.168.0.1/24}, {@code 2001:db8::1/64}, {@code ::ffff:1.2.3.4}.
     *
     * @param text the text
     * @return the inet value
     * @throws ConversionException if the text is not an IP address
     */
    public static Inet parse(String text) {
        NetAddr.Parsed p = NetAddr.parse(text, "inet", false);
        return new Inet(NetAddr.toAddress(p.bytes), p.prefix < 0 ? p.bytes.length * 8 : p.prefix);
    }

    /**
     * Returns the server's text form, e.g. {@code 192.168.0.1} or {@code 2001:db8::1/64}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        String addr = NetAddr.format(address);
        return prefixLength == address.getAddress().length * 8 ? addr : addr + "/" + prefixLength;
    }
}
