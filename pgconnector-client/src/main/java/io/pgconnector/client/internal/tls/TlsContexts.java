package io.pgconnector.client.internal.tls;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.client.TlsMode;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} for a connection from {@link TlsSettings}: the server check for the mode and the
 * client certificate, if any. Used both to validate {@link io.pgconnector.client.TlsOptions} when it is built (so a
 * missing file or wrong password fails there) and by {@link PgConnectorSslFactory} for every new connection (so
 * renewed certificate files are picked up, as with libpq and pgjdbc).
 */
public final class TlsContexts {
    /** The alias pgjdbc's PKCS12KeyManager uses; preferred when a key store holds several keys. */
    static final String PGJDBC_ALIAS = "user";

    private TlsContexts() {
    }

    /**
     * Creates the context.
     *
     * @param s the settings
     * @return the context
     * @throws ConfigurationException if a file is missing or unreadable, a password is wrong, or the key does not
     *                                belong to the certificate
     */
    public static SSLContext create(TlsSettings s) {
        TrustManager trust = trustManager(s);
        KeyManager[] keys = keyManagers(s);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM cannot create a TLS context: " + e, e);
        }
    }

    /**
     * Returns the check of the server's certificate for the settings' mode, for an engine that builds its own TLS
     * context (the pipelined engine): the same checks and messages as the client's connections.
     *
     * @param s the settings
     * @return the trust manager
     * @throws ConfigurationException if a verify mode has no root certificate or it cannot be read
     */
    public static X509ExtendedTrustManager trustManager(TlsSettings s) {
        if (s.mode().verifiesCertificate() && s.rootCertificate() == null) {
            throw new ConfigurationException(s.mode() + " checks the server's certificate, so it needs a root "
                    + "certificate: set TlsOptions.Builder.rootCertificate (sslrootcert) to the CA that issued it "
                    + "(libpq's default ~/.postgresql/root.crt does not exist either)");
        }
        return ServerCertificateCheck.create(s.mode(), s.rootCertificate());
    }

    /**
     * Returns the client certificate's key manager for the settings, or null without a client certificate, for an
     * engine that builds its own TLS context (the pipelined engine).
     *
     * @param s the settings
     * @return the key manager, or null
     * @throws ConfigurationException if a file is missing or unreadable, or a password is wrong
     */
    public static X509ExtendedKeyManager keyManager(TlsSettings s) {
        KeyManager[] keys = keyManagers(s);
        return keys == null ? null : (X509ExtendedKeyManager) keys[0];
    }

    private static KeyManager[] keyManagers(TlsSettings s) {
        if (s.mode() == TlsMode.DISABLE || s.key() == null) {
            return null;
        }
        if (s.keyIsKeyStore()) {
            return new KeyManager[] {fromKeyStore(s.key(), s.password())};
        }
        if (s.certificate() == null) {
            throw new ConfigurationException("The client key " + s.key() + " needs its certificate (sslcert)");
        }
        List<X509Certificate> chain = KeyFiles.certificates(s.certificate(), "client certificate");
        PrivateKey key = KeyFiles.privateKey(s.key(), s.password(), chain.get(0).getPublicKey().getAlgorithm());
        KeyFiles.checkPair(key, chain.get(0), s.key(), s.certificate());
        return new KeyManager[] {new ClientKey(key, chain.toArray(new X509Certificate[0]))};
    }

    private static ClientKey fromKeyStore(Path file, String password) {
        KeyStore store = KeyFiles.keyStore(file, password);
        Set<String> aliases = KeyFiles.keyAliases(store);
        String alias;
        if (aliases.contains(PGJDBC_ALIAS) || aliases.size() == 1) {
            alias = aliases.contains(PGJDBC_ALIAS) ? PGJDBC_ALIAS : aliases.iterator().next();
        } else if (aliases.isEmpty()) {
            throw new ConfigurationException("The client key store " + file + " holds no private key");
        } else {
            throw new ConfigurationException("The client key store " + file + " holds several keys " + aliases
                    + "; name the one to use '" + PGJDBC_ALIAS + "' (the alias pgjdbc uses)");
        }
        try {
            Key key = store.getKey(alias, KeyFiles.chars(password));
            Certificate[] certs = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey) || certs == null || certs.length == 0) {
                throw new ConfigurationException("The entry '" + alias + "' of the client key store " + file
                        + " has no private key with a certificate");
            }
            X509Certificate[] chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
            return new ClientKey((PrivateKey) key, chain);
        } catch (java.security.UnrecoverableKeyException e) {
            throw new ConfigurationException("Cannot read the key '" + alias + "' of the client key store " + file
                    + ": its password differs from the key store's (both must be the key store password)");
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("Cannot read the client key store " + file + ": " + e.getMessage(), e);
        }
    }
}
