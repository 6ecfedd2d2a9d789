package io.pgconnector.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The TLS files generated for a server started with {@link EmbeddedPostgres.Builder#tls(boolean)}.
 * The server certificate is issued by {@link #caCert()} for DNS name {@code localhost} only (no IP
 * address), so {@code sslmode=verify-full} succeeds for host {@code localhost} and fails for
 * {@code 127.0.0.1}. The client certificate has CN {@code postgres}. Private keys are PKCS#8 PEM.
 * The passwords are test fixtures; {@link #toString()} does not show them.
 *
 * @param caCert the CA certificate ({@code ca.crt}, PEM) that issued the server and client certificates
 * @param serverCert the server certificate ({@code server.crt}, PEM)
 * @param clientCert the client certificate ({@code client.crt}, PEM, CN {@code postgres})
 * @param clientKey the client private key ({@code client.key}, unencrypted PKCS#8 PEM, mode 0600)
 * @param clientKeyEncrypted the client private key encrypted with {@link #clientKeyPassword()}
 *     ({@code client-encrypted.key}, encrypted PKCS#8 PEM, PBES2 AES-256-CBC)
 * @param clientKeyPassword the password of {@link #clientKeyEncrypted()}
 * @param clientKeyStore the client certificate, its CA and key as PKCS#12 ({@code client.p12}), under alias
 *     {@code user} (the alias pgjdbc looks for)
 * @param clientKeyStorePassword the password of {@link #clientKeyStore()} and of its key entry
 * @param otherCaCert an unrelated CA certificate ({@code other-ca.crt}, PEM), for wrong-root-certificate tests
 */
public record TlsFiles(Path caCert, Path serverCert, Path clientCert, Path clientKey, Path clientKeyEncrypted,
                       String clientKeyPassword, Path clientKeyStore, String clientKeyStorePassword,
                       Path otherCaCert) {

    /**
     * Creates the record.
     *
     * @param caCert the CA certificate
     * @param serverCert the server certificate
     * @param clientCert the client certificate
     * @param clientKey the unencrypted client key
     * @param clientKeyEncrypted the encrypted client key
     * @param clientKeyPassword the password of the encrypted client key
     * @param clientKeyStore the PKCS#12 client key store
     * @param clientKeyStorePassword the password of the key store
     * @param otherCaCert the unrelated CA certificate
     * @throws NullPointerException if a component is null
     */
    public TlsFiles {
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(serverCert, "serverCert");
        Objects.requireNonNull(clientCert, "clientCert");
        Objects.requireNonNull(clientKey, "clientKey");
        Objects.requireNonNull(clientKeyEncrypted, "clientKeyEncrypted");
        Objects.requireNonNull(clientKeyPassword, "clientKeyPassword");
        Objects.requireNonNull(clientKeyStore, "clientKeyStore");
        Objects.requireNonNull(clientKeyStorePassword, "clientKeyStorePassword");
        Objects.requireNonNull(otherCaCert, "otherCaCert");
    }

    /**
     * Describes the files without the passwords.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "TlsFiles[caCert=" + caCert + ", serverCert=" + serverCert + ", clientCert=" + clientCert
                + ", clientKey=" + clientKey + ", clientKeyEncrypted=" + clientKeyEncrypted
                + ", clientKeyStore=" + clientKeyStore + ", otherCaCert=" + otherCaCert + "]";
    }
}
