package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS settings of a connection: the {@link TlsMode}, the root certificate that the server's certificate must chain
 * to, and an optional client certificate, either as a PKCS#12 key store or as PEM certificate plus PKCS#8 key. The
 * same value configures the client and the CDC listener.
 *
 * <pre>{@code
 * TlsOptions tls = TlsOptions.builder()
 *         .mode(TlsMode.VERIFY_FULL)
 *         .rootCertificate(Path.of("/etc/ssl/pg/ca.crt"))
 *         .clientCertificate(Path.of("client.crt"), Path.of("client.key"), "key password")
 *         .build();
 * }</pre>
 *
 * <p>Passwords are never shown by {@link #toString()}.
 */
public final class TlsOptions {
    private static final TlsOptions DEFAULT = builder().build();

    private final TlsMode mode;
    private final Path rootCertificate;
    private final Path clientCertificate;
    private final Path clientKey;
    private final Path clientKeyStore;
    private final String keyPassword;

    private TlsOptions(Builder b, Path rootCertificate) {
        this.mode = b.mode;
        this.rootCertificate = rootCertificate;
        this.clientCertificate = absolute(b.clientCertificate);
        this.clientKey = absolute(b.clientKey);
        this.clientKeyStore = absolute(b.clientKeyStore);
        this.keyPassword = b.keyPassword;
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    /**
     * Returns the default: {@link TlsMode#PREFER}, no certificates.
     *
     * @return the default options
     */
    public static TlsOptions defaults() {
        return DEFAULT;
    }

    /**
     * Returns options with only a mode set.
     *
     * @param mode the mode
     * @return the options
     */
    public static TlsOptions of(TlsMode mode) {
        return builder().mode(mode).build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.rootCertificate = rootCertificate;
        b.clientCertificate = clientCertificate;
        b.clientKey = clientKey;
        b.clientKeyStore = clientKeyStore;
        b.keyPassword = keyPassword;
        return b;
    }

    /**
     * Returns the mode.
     *
     * @return the mode
     */
    public TlsMode mode() {
        return mode;
    }

    /**
     * Returns the root certificate file (PEM, absolute). In {@link TlsMode#VERIFY_CA} and {@link TlsMode#VERIFY_FULL}
     * without one set, this is libpq's default {@code ~/.postgresql/root.crt} (on Windows
     * {@code %APPDATA%\postgresql\root.crt}) if that file exists; otherwise it may be null, and a verify mode then
     * fails to connect with a {@link ConnectionException} saying that it needs a root certificate.
     *
     * @return the path or null
     */
    public Path rootCertificate() {
        return rootCertificate;
    }

    /**
     * Returns the client certificate file (PEM), or null.
     *
     * @return the path or null
     */
    public Path clientCertificate() {
        return clientCertificate;
    }

    /**
     * Returns the client key file (PKCS#8, PEM or DER, optionally encrypted), or null.
     *
     * @return the path or null
     */
    public Path clientKey() {
        return clientKey;
    }

    /**
     * Returns the client PKCS#12 key store, or null.
     *
     * @return the path or null
     */
    public Path clientKeyStore() {
        return clientKeyStore;
    }

    /**
     * Tells whether a key or key-store password is set (the password itself is not exposed).
     *
     * @return true if a password is set
     */
    public boolean hasKeyPassword() {
        return keyPassword != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TlsOptions)) {
            return false;
        }
        TlsOptions t = (TlsOptions) o;
        return mode == t.mode && Objects.equals(rootCertificate, t.rootCertificate)
                && Objects.equals(clientCertificate, t.clientCertificate) && Objects.equals(clientKey, t.clientKey)
                && Objects.equals(clientKeyStore, t.clientKeyStore) && Objects.equals(keyPassword, t.keyPassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, rootCertificate, clientCertificate, clientKey, clientKeyStore, keyPassword);
    }

    /** Describes the settings; a password is shown only as {@code ****}. */
    @Override
    public String toString() {
        return "TlsOptions[mode=" + mode + ", rootCertificate=" + rootCertificate + ", clientCertificate="
                + clientCertificate + ", clientKey=" + clientKey + ", clientKeyStore=" + clientKeyStore
                + ", keyPassword=" + (keyPassword == null ? "none" : "****") + "]";
    }

    /** Builds {@link TlsOptions}; validated by {@link #build()}. */
    public static final class Builder {
        private TlsMode mode = TlsMode.PREFER;
        private Path rootCertificate;
        private Path clientCertificate;
        private Path clientKey;
        private Path clientKeyStore;
        private String keyPassword;

        private Builder() {
        }

        /**
         * Sets the mode (default {@link TlsMode#PREFER}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(TlsMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the root certificate (PEM) that the server's certificate must chain to in the verify modes.
         *
         * @param file the file
         * @return this builder
         */
        public Builder rootCertificate(Path file) {
            this.rootCertificate = file;
            return this;
        }

        /**
         * Sets a client certificate as a PEM certificate and a PKCS#8 key.
         *
         * @param certificate the certificate file
         * @param key         the key file
         * @param keyPassword the key's password, or null if it is not encrypted
         * @return this builder
         */
        public Builder clientCertificate(Path certificate, Path key, String keyPassword) {
            this.clientCertificate = Objects.requireNonNull(certificate, "certificate");
            this.clientKey = Objects.requireNonNull(key, "key");
            this.clientKeyStore = null;
            this.keyPassword = keyPassword;
            return this;
        }

        /**
         * Sets a client certificate as a PKCS#12 key store holding the certificate and its key.
         *
         * @param keyStore the {@code .p12}/{@code .pfx} file
         * @param password the key store's password, or null
         * @return this builder
         */
        public Builder clientKeyStore(Path keyStore, String password) {
            this.clientKeyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.clientCertificate = null;
            this.clientKey = null;
            this.keyPassword = password;
            return this;
        }

        /**
         * Validates the settings and builds them. Unless the mode is {@link TlsMode#DISABLE}, this reads every file
         * as a connection would: the root certificate must parse, an encrypted key must decrypt with the password,
         * the key must belong to the certificate, and a key store must open with its password.
         *
         * @return the options
         * @throws ConfigurationException if a named file does not exist or cannot be read, a password is wrong (the message names the file, never the
         *                                password), or the key does not belong to the certificate
         */
        public TlsOptions build() {
            Path root = rootCertificate;
            if (root == null && mode.verifiesCertificate() && Files.exists(defaultRootCertificate())) {
                // libpq's default; without it, connecting fails with a message naming it (as libpq does), while
                // the settings can still be built and inspected.
                root = defaultRootCertificate();
            }
            root = absolute(root);
            checkReadable("root certificate", root);
            checkReadable("client certificate", clientCertificate);
            checkReadable("client key", clientKey);
            checkReadable("client key store", clientKeyStore);
            if (clientKeyStore != null && !isKeyStore(clientKeyStore)) {
                throw new ConfigurationException("The client key store " + clientKeyStore
                        + " must be a PKCS#12 file ending in .p12 or .pfx");
            }
            if (clientKey != null && isKeyStore(clientKey)) {
                throw new ConfigurationException("The client key " + clientKey + " is a PKCS#12 key store; "
                        + "use TlsOptions.Builder.clientKeyStore(file, password) for it");
            }
            TlsOptions options = new TlsOptions(this, root);
            if (mode != TlsMode.DISABLE && (root != null || clientKey != null || clientKeyStore != null)) {
                Implementations.checkTls(options);
            }
            return options;
        }

        /** A PKCS#12 key store, by its extension (as pgjdbc and the socket factory tell them apart). */
        private static boolean isKeyStore(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString()
                    .toLowerCase(java.util.Locale.ROOT);
            return name.endsWith(".p12") || name.endsWith(".pfx");
        }

        static Path defaultRootCertificate() {
            String appData = System.getenv("APPDATA");
            if (System.getProperty("os.name", "").startsWith("Windows") && appData != null) {
                return Path.of(appData, "postgresql", "root.crt");
            }
            return Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
        }

        private static void checkReadable(String what, Path file) {
            if (file != null && !Files.isReadable(file)) {
                throw new ConfigurationException("The " + what + " file " + file + (Files.exists(file)
                        ? " cannot be read (check its permissions)" : " does not exist"));
            }
        }
    }
}
