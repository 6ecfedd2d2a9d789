package io.pgconnector.client.internal.tls;

import io.pgconnector.client.TlsMode;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks the server's certificate as libpq does for the mode: not at all below VERIFY_CA; the chain against the root
 * certificates in VERIFY_CA; the chain and the host name in VERIFY_FULL. A refusal is a
 * {@link ServerCertificateRejectedException} whose message says what was wrong, which the handshake exception carries
 * as its cause and {@link TlsFailures} turns into the client's message.
 *
 * <p>pgjdbc checks the host name again after the handshake (with its libpq-compatible verifier) because
 * {@code sslmode=verify-full}; checking here too is what makes the message name the certificate's names.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {
    private final TlsMode mode;
    private final Path rootFile;
    private final X509ExtendedTrustManager pkix;

    private ServerCertificateCheck(TlsMode mode, Path rootFile, X509ExtendedTrustManager pkix) {
        this.mode = mode;
        this.rootFile = rootFile;
        this.pkix = pkix;
    }

    /**
     * Creates the check for a mode.
     *
     * @param mode     the mode
     * @param rootFile the root certificate file (required for the verify modes)
     * @return the trust manager
     */
    static ServerCertificateCheck create(TlsMode mode, Path rootFile) {
        if (!mode.verifiesCertificate()) {
            return new ServerCertificateCheck(mode, null, null);
        }
        List<X509Certificate> roots = KeyFiles.certificates(rootFile, "root certificate");
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : roots) {
                store.setCertificateEntry("root-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    return new ServerCertificateCheck(mode, rootFile, (X509ExtendedTrustManager) tm);
                }
            }
            throw new IllegalStateException("The JVM's PKIX TrustManagerFactory has no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot set up certificate checking: " + e, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (pkix == null) {
            return;
        }
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw rejected(chain, e);
        }
        if (mode == TlsMode.VERIFY_FULL && socket instanceof SSLSocket) {
            SSLSession session = ((SSLSocket) socket).getHandshakeSession();
            String host = session == null ? null : session.getPeerHost();
            if (host != null) {
                // pgjdbc checks the host name again after the handshake, so an unknown host is left to it.
                checkHost(host, chain);
            }
        }
    }

    private static void checkHost(String host, X509Certificate[] chain) throws CertificateException {
        if (host == null) {
            // Without the host name the check cannot be made; an engine that asks for VERIFY_FULL must give it.
            throw new ServerCertificateRejectedException("the host name of the connection is unknown, so "
                    + "TlsMode.VERIFY_FULL cannot check that the certificate names it", null);
        }
        if (!HostNames.matches(host, chain[0])) {
            throw new ServerCertificateRejectedException("the server's certificate is for "
                    + HostNames.describe(chain[0]) + ", not for " + host + " (TlsMode.VERIFY_FULL checks the host "
                    + "name): connect with a host name the certificate names, or have the certificate reissued "
                    + "with this name", null);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (pkix != null) {
            try {
                pkix.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw rejected(chain, e);
            }
        }
        if (mode == TlsMode.VERIFY_FULL) {
            // The pipelined engine's connections (Netty) hand the engine, which knows the host it was created for.
            checkHost(engine == null ? null : engine.getPeerHost(), chain);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pkix != null) {
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw rejected(chain, e);
            }
        }
    }

    private CertificateException rejected(X509Certificate[] chain, CertificateException e) {
        String subject = chain.length == 0 ? "(none)" : chain[0].getSubjectX500Principal().getName();
        String issuer = chain.length == 0 ? "(none)" : chain[0].getIssuerX500Principal().getName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return new ServerCertificateRejectedException("the server's certificate (" + subject + ") is "
                        + "outside its validity period: " + t.getMessage(), e);
            }
        }
        return new ServerCertificateRejectedException("the server's certificate (subject " + subject + ", issuer "
                + issuer + ") is not signed by a CA in the root certificate file " + rootFile + " (unknown CA; "
                + mode + " checks the chain): point rootCertificate at the CA that issued the server's certificate",
                e);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
    }

    /** The server's certificate was refused; the message says why in the user's terms. */
    static final class ServerCertificateRejectedException extends CertificateException {
        private static final long serialVersionUID = 1L;

        ServerCertificateRejectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
