package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address text handling shared by {@link Inet} and {@link Cidr}, without any name resolution. */
final class NetAddr {
    private NetAddr() {
    }

    /** An address and prefix as read from text; {@code prefix} is -1 when the text had none. */
    static final class Parsed {
        byte[] bytes;
        int prefix = -1;
        int ipv4Octets = 4;
    }

    static Parsed parse(String text, String type, boolean abbreviatedIpv4) {
        PgText.requireText(text, type);
        String s = text.strip();
        Parsed p = new Parsed();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (slash >= 0) {
            String bits = s.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw ConversionException.invalidText(type, text, "bad prefix length");
            }
            p.prefix = Integer.parseInt(bits);
        }
        if (addr.indexOf(':') >= 0) {
            p.bytes = parseIpv6(addr, type, text);
        } else {
            p.bytes = parseIpv4(addr, type, text, abbreviatedIpv4, p);
        }
        int max = p.bytes.length * 8;
        if (p.prefix > max) {
            throw ConversionException.invalidText(type, text, "prefix length must be at most " + max);
        }
        return p;
    }

    private static byte[] parseIpv4(String addr, String type, String text, boolean abbreviated, Parsed p) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length > 4 || (!abbreviated && parts.length != 4)) {
            throw ConversionException.invalidText(type, text, "IPv4 address needs four octets");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw ConversionException.invalidText(type, text, "bad IPv4 octet '" + part + "'");
            }
            int v = Integer.parseInt(part);
            if (v > 255) {
                throw ConversionException.invalidText(type, text, "IPv4 octet out of range");
            }
            bytes[i] = (byte) v;
        }
        p.ipv4Octets = parts.length;
        return bytes;
    }

    private static byte[] parseIpv6(String addr, String type, String text) {
        int dc = addr.indexOf("::");
        if (dc >= 0 && addr.indexOf("::", dc + 1) >= 0) {
            throw ConversionException.invalidText(type, text, "more than one '::'");
        }
        String head = dc < 0 ? addr : addr.substring(0, dc);
        String tail = dc < 0 ? "" : addr.substring(dc + 2);
        int[] headWords = words(head, type, text, dc < 0);
        int[] tailWords = words(tail, type, text, true);
        int count = headWords.length + tailWords.length;
        if ((dc < 0 && count != 8) || (dc >= 0 && count > 7)) {
            throw ConversionException.invalidText(type, text, "IPv6 address needs eight groups");
        }
        int[] all = new int[8];
        System.arraycopy(headWords, 0, all, 0, headWords.length);
        System.arraycopy(tailWords, 0, all, 8 - tailWords.length, tailWords.length);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (all[i] >> 8);
            bytes[2 * i + 1] = (byte) all[i];
        }
        return bytes;
    }

    /** Parses colon-separated groups; the last may be a dotted IPv4 address (two groups) when allowed. */
    private static int[] words(String part, String type, String text, boolean ipv4Allowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] groups = part.split(":", -1);
        int extra = 0;
        String last = groups[groups.length - 1];
        if (last.indexOf('.') >= 0) {
            if (!ipv4Allowed) {
                throw ConversionException.invalidText(type, text, "misplaced IPv4 part");
            }
            extra = 1;
        }
        int[] out = new int[groups.length + extra];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (i == groups.length - 1 && extra == 1) {
                Parsed tmp = new Parsed();
                byte[] v4 = parseIpv4(g, type, text, false, tmp);
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                break;
            }
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                throw ConversionException.invalidText(type, text, "bad IPv6 group '" + g + "'");
            }
            out[i] = Integer.parseInt(g, 16);
        }
        return out;
    }

    static InetAddress toAddress(byte[] bytes) {
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses (::ffff:1.2.3.4) as IPv6, unlike
            // InetAddress.getByAddress, and the server keeps the two families apart.
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }

    /** Formats an address as the server does: dotted IPv4; IPv6 compressed like the server's inet_net_ntop. */
    static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The first longest run of at least two zero groups becomes "::".
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase < 0) {
                    curBase = i;
                    curLen = 0;
                }
                curLen++;
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
            } else {
                curBase = -1;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i != 0) {
                out.append(':');
            }
            // ::a.b.c.d and ::ffff:a.b.c.d print the embedded IPv4 address in dotted form.
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                out.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.').append(b[14] & 0xff)
                        .append('.').append(b[15] & 0xff);
                return out.toString();
            }
            out.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            out.append(':');
        }
        return out.toString();
    }

    static boolean hostBitsZero(byte[] bytes, int prefix) {
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }
}
