package io.pgconnector.client.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.client.internal.tls.TlsSettings;

import java.nio.file.Path;

/**
 * Collects the TLS parameters that libpq URIs, pgjdbc URLs and {@code PGSSL*} variables share ({@code sslmode},
 * {@code ssl}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword}) into {@link TlsOptions},
 * so that all three forms verify the server the same way.
 */
final class TlsParameters {
    private final TlsOptions.Builder tls = TlsOptions.builder();
    private boolean changed;
    private boolean modeSet;
    private String cert;
    private String key;
    private String password;

    /**
     * Takes a parameter if it is a TLS one.
     *
     * @param name  the parameter
     * @param value its value; null is ignored
     * @return whether the parameter was a TLS one
     */
    boolean accept(String name, String value) {
        switch (name) {
            case "sslmode":
                if (value != null) {
                    tls.mode(TlsMode.parse(value));
                    changed = true;
                    modeSet = true;
                }
                return true;
            case "ssl":
                // pgjdbc's legacy switch: ssl=true without sslmode means verify-full, an explicit sslmode wins.
                if (value != null && !modeSet) {
                    tls.mode(Boolean.parseBoolean(value) || value.isEmpty() ? TlsMode.VERIFY_FULL : TlsMode.DISABLE);
                    changed = true;
                }
                return true;
            case "sslrootcert":
                if (value != null) {
                    tls.rootCertificate(Path.of(value));
                    changed = true;
                }
                return true;
            case "sslcert":
                cert = value;
                return true;
            case "sslkey":
                key = value;
                return true;
            case "sslpassword":
                password = value;
                return true;
            default:
                return false;
        }
    }

    /**
     * Sets the TLS options when any TLS parameter was given.
     *
     * @param options the options to complete
     * @throws ConfigurationException if only one of certificate and key was given
     */
    void applyTo(ClientOptions.Builder options) {
        if (key != null && TlsSettings.isKeyStore(Path.of(key))) {
            tls.clientKeyStore(Path.of(key), password);
        } else if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new ConfigurationException("A client certificate needs both sslcert and sslkey "
                        + "(or an sslkey that is a .p12/.pfx key store)");
            }
            tls.clientCertificate(Path.of(cert), Path.of(key), password);
        }
        if (changed || cert != null || key != null) {
            options.tls(tls.build());
        }
    }
}
