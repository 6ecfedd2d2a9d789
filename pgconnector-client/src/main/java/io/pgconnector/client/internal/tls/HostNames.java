package io.pgconnector.client.internal.tls;

import org.postgresql.ssl.PGjdbcHostnameVerifier;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libpq's host name check (the same one pgjdbc applies after the handshake): an IP address must be among the
 * certificate's IP SANs; a name must match a DNS SAN (a {@code *.} wildcard covers one label); the subject CN is used
 * only when the certificate has no DNS SAN at all.
 */
final class HostNames {
    private static final int DNS = 2;
    private static final int IP = 7;
    private static final Pattern CN = Pattern.compile("(?:^|,)CN=((?:\\\\.|[^,])*)", Pattern.CASE_INSENSITIVE);

    private HostNames() {
    }

    static boolean matches(String host, X509Certificate cert) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ip = isIpLiteral(h);
        List<String> dns = names(cert, DNS);
        if (ip) {
            for (String a : names(cert, IP)) {
                if (sameAddress(h, a)) {
                    return true;
                }
            }
            return false;
        }
        if (dns.isEmpty()) {
            String cn = commonName(cert);
            return cn != null && PGjdbcHostnameVerifier.INSTANCE.verifyHostName(h.toLowerCase(Locale.ROOT),
                    cn.toLowerCase(Locale.ROOT));
        }
        for (String name : dns) {
            if (PGjdbcHostnameVerifier.INSTANCE.verifyHostName(h.toLowerCase(Locale.ROOT),
                    name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Lists the names a certificate is for, for messages: {@code DNS:localhost, IP:10.0.0.1}. */
    static String describe(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        names(cert, DNS).forEach(n -> out.add("DNS:" + n));
        names(cert, IP).forEach(n -> out.add("IP:" + n));
        if (out.isEmpty()) {
            String cn = commonName(cert);
            out.add(cn == null ? "no host name at all" : "CN=" + cn);
        }
        return String.join(", ", out);
    }

    private static List<String> names(X509Certificate cert, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer && (Integer) san.get(0) == type
                            && san.get(1) instanceof String) {
                        out.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs
        }
        return out;
    }

    private static String commonName(X509Certificate cert) {
        Matcher m = CN.matcher(cert.getSubjectX500Principal().getName());
        return m.find() ? m.group(1).replace("\\", "") : null;
    }

    private static boolean isIpLiteral(String h) {
        return h.contains(":") || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals, so no name lookup happens.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
