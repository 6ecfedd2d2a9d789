package io.pgconnector.client.internal.tls;

import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The pgjdbc connection properties for {@link TlsOptions}, which the client's pool, its single connections and every
 * connection of the CDC module (Debezium's too, under {@code database.*}) are configured with. Not API: the key
 * password is in them. The password is read from {@code TlsOptions} through a private lookup (same module), so that
 * the public type has no getter for it.
 */
public final class TlsProperties {
    private static final MethodHandle KEY_PASSWORD = keyPasswordGetter();

    private TlsProperties() {
    }

    /**
     * Returns the pgjdbc connection properties for the settings: {@code sslmode}, and unless the mode is
     * {@link TlsMode#DISABLE}, {@code sslfactory} (pgconnector's socket factory, which reads encrypted PEM keys and
     * explains refused certificates), {@code sslrootcert}, {@code sslcert}, {@code sslkey} (the PKCS#8 key, or the
     * PKCS#12 key store) and {@code sslpassword}. The file paths are absolute.
     *
     * <p>The same properties configure Debezium's PostgreSQL connector when each name is prefixed with
     * {@code database.} (it hands {@code database.*} to pgjdbc for both its query and replication connections).
     * The map includes the key password, so never log it.
     *
     * @param options the settings
     * @return the properties, sorted by name
     */
    public static Map<String, String> of(TlsOptions options) {
        Map<String, String> p = new TreeMap<>();
        TlsMode mode = options.mode();
        p.put("sslmode", mode.libpqName());
        if (mode != TlsMode.DISABLE) {
            p.put("sslfactory", PgConnectorSslFactory.class.getName());
            if (options.rootCertificate() != null) {
                p.put("sslrootcert", options.rootCertificate().toString());
            }
            if (options.clientKeyStore() != null) {
                p.put("sslkey", options.clientKeyStore().toString());
            } else if (options.clientCertificate() != null) {
                p.put("sslcert", options.clientCertificate().toString());
                p.put("sslkey", options.clientKey().toString());
            }
            String keyPassword = keyPassword(options);
            if (keyPassword != null) {
                p.put("sslpassword", keyPassword);
            }
        }
        return p;
    }

    /**
     * Loads the files of the settings once (as the socket factory will), so that a wrong file, key or password fails
     * when the options are built rather than at the first connection.
     *
     * @param options the settings
     * @throws io.pgconnector.errors.ConfigurationException if a file cannot be used
     */
    public static void check(TlsOptions options) {
        Properties props = new Properties();
        props.putAll(of(options));
        TlsContexts.create(TlsSettings.fromDriverProperties(props));
    }

    private static String keyPassword(TlsOptions options) {
        try {
            return (String) KEY_PASSWORD.invokeExact(options);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle keyPasswordGetter() {
        try {
            return MethodHandles.privateLookupIn(TlsOptions.class, MethodHandles.lookup())
                    .findGetter(TlsOptions.class, "keyPassword", String.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("TlsOptions.keyPassword is missing: TlsProperties is out of step", e);
        }
    }
}
