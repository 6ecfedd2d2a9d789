package io.pgconnector.client.internal.tls;

import io.pgconnector.client.TlsMode;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The TLS settings that {@link PgConnectorSslFactory} needs, read from the pgjdbc connection properties that
 * {@link TlsProperties#of} writes. Keeping the properties as the only channel
 * means the client, a Hikari pool and Debezium's connections (which pass {@code database.*} to pgjdbc) all configure
 * TLS the same way.
 *
 * @param mode            the mode
 * @param rootCertificate the root certificate file, or null (used only by the verify modes)
 * @param certificate     the client certificate (PEM), or null
 * @param key             the client key (PKCS#8 PEM/DER) or PKCS#12 key store, or null
 * @param password        the key or key-store password, or null
 */
public record TlsSettings(TlsMode mode, Path rootCertificate, Path certificate, Path key, String password) {

    /**
     * Reads the settings from pgjdbc connection properties ({@code sslmode}, {@code sslrootcert}, {@code sslcert},
     * {@code sslkey}, {@code sslpassword}).
     *
     * @param info the properties
     * @return the settings
     */
    public static TlsSettings fromDriverProperties(Properties info) {
        String mode = info.getProperty("sslmode");
        if (mode == null) {
            // pgjdbc's own default: ssl=true without sslmode means verify-full, otherwise prefer.
            String ssl = info.getProperty("ssl");
            mode = ssl != null && (ssl.isEmpty() || ssl.equalsIgnoreCase("true")) ? "verify-full" : "prefer";
        }
        return new TlsSettings(TlsMode.parse(mode), path(info, "sslrootcert"), path(info, "sslcert"),
                path(info, "sslkey"), info.getProperty("sslpassword"));
    }

    /**
     * Tells whether the key file is a PKCS#12 key store (by its extension, as pgjdbc and libpq decide).
     *
     * @return true for {@code .p12} and {@code .pfx}
     */
    public boolean keyIsKeyStore() {
        return key != null && isKeyStore(key);
    }

    /**
     * Tells whether a file is a PKCS#12 key store by its extension.
     *
     * @param file the file
     * @return true for {@code .p12} and {@code .pfx}
     */
    public static boolean isKeyStore(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static Path path(Properties info, String name) {
        String v = info.getProperty(name);
        return v == null || v.isEmpty() ? null : Path.of(v);
    }

    /** Describes the settings without the password. */
    @Override
    public String toString() {
        return "TlsSettings[mode=" + mode + ", rootCertificate=" + rootCertificate + ", certificate=" + certificate
                + ", key=" + key + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
