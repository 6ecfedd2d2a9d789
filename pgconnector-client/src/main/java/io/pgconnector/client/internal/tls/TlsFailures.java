package io.pgconnector.client.internal.tls;

import io.pgconnector.errors.ConfigurationException;
import org.postgresql.util.PSQLException;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Says what failed when a connection fails for a TLS reason, by looking through the driver's cause chain: the server
 * has no TLS, the server's certificate is not trusted or does not name the host, the server refused the client
 * certificate, or a TLS file or password is wrong. The driver's messages never contain a password, and neither do
 * these.
 */
public final class TlsFailures {
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    private static final Pattern HOSTNAME = Pattern.compile("The hostname (.*) could not be verified");

    private TlsFailures() {
    }

    /**
     * Returns the message for a TLS-related connection failure, or null if the failure is not about TLS.
     *
     * @param e             the driver's exception
     * @param driverMessage the message the client would show otherwise
     * @return the message, or null
     */
    public static String describe(Throwable e, String driverMessage) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        SSLException ssl = null;
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return "TLS settings are wrong: " + t.getMessage();
            }
            if (t instanceof ServerCertificateCheck.ServerCertificateRejectedException) {
                return "TLS handshake failed: the server's certificate could not be verified: " + t.getMessage();
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof PSQLException && m.startsWith("The server does not support SSL")) {
                return "The server does not accept TLS connections (ssl is off in its postgresql.conf), but the TLS "
                        + "mode requires TLS: turn ssl on in the server, or use TlsMode.PREFER or ALLOW to accept an "
                        + "unencrypted connection";
            }
            Matcher host = HOSTNAME.matcher(m);
            if (t instanceof PSQLException && host.find()) {
                return "TLS host name check failed: the server's certificate does not name " + host.group(1)
                        + " (TlsMode.VERIFY_FULL checks the host name): connect with a host name the certificate "
                        + "names, or have the certificate reissued with this name";
            }
            if (t instanceof PSQLException && (m.startsWith("SSL error: ") && !(t.getCause() instanceof SSLException)
                    && t.getCause() != null || m.startsWith("The connection attempt failed")
                    && t.getCause() instanceof java.io.IOException && onTlsSocket(t.getCause()))) {
                // The socket failed mid-handshake. In TLS 1.3 the server checks the client certificate after the
                // client has finished, so a refused certificate often shows up as a reset or broken pipe, not an alert.
                return "TLS handshake failed: the server closed the connection (" + t.getCause().getMessage()
                        + "); if a client certificate is set, the server may have refused the client certificate: "
                        + "check that it is issued by a CA in the server's ssl_ca_file, and see the server's log";
            }
            if (t instanceof SSLException && ssl == null) {
                ssl = (SSLException) t;
            }
            if (t instanceof SQLException && "28000".equals(((SQLException) t).getSQLState())) {
                if (m.contains("no encryption")) {
                    return driverMessage + " (the server accepts only TLS connections from this host: use "
                            + "TlsMode.PREFER or a stricter mode)";
                }
                if (m.contains("requires a valid client certificate")) {
                    return driverMessage + " (set a client certificate with TlsOptions.Builder.clientCertificate or "
                            + "clientKeyStore)";
                }
                if (m.contains("certificate authentication failed")) {
                    return driverMessage + " (the client certificate's CN must be the user name, or be mapped to it "
                            + "in pg_ident.conf)";
                }
            }
        }
        if (ssl != null) {
            String m = ssl.getMessage() == null ? ssl.getClass().getSimpleName() : ssl.getMessage();
            Matcher alert = ALERT.matcher(m);
            if (alert.find()) {
                String a = alert.group(1);
                switch (a) {
                    case "unknown_ca", "bad_certificate", "certificate_unknown", "certificate_required",
                            "access_denied", "unsupported_certificate", "certificate_expired",
                            "certificate_revoked", "decrypt_error" -> {
                        return "TLS handshake failed: the server refused the client certificate (TLS alert " + a
                                + "): check that it is issued by a CA in the server's ssl_ca_file and is still valid";
                    }
                    default -> {
                        return "TLS handshake failed: the server ended the handshake (TLS alert " + a + ")";
                    }
                }
            }
            return (ssl instanceof javax.net.ssl.SSLHandshakeException ? "TLS handshake failed: " : "TLS error: ") + m;
        }
        return null;
    }

    /**
     * Tells whether an I/O failure happened on a TLS socket: with TLS 1.3 the server may refuse a client certificate
     * after the handshake, so the refusal reaches the driver as a reset while it sends its startup message, and only
     * the stack (JSSE's socket classes) shows that the connection was a TLS one.
     */
    private static boolean onTlsSocket(Throwable io) {
        for (StackTraceElement frame : io.getStackTrace()) {
            if (frame.getClassName().startsWith("sun.security.ssl.")) {
                return true;
            }
        }
        return false;
    }
}
