package io.pgconnector.client.internal.tls;

import org.postgresql.ssl.WrappedFactory;

import java.util.Properties;

/**
 * The {@code sslfactory} that {@link TlsProperties#of} names. pgjdbc creates one
 * per connection attempt with the connection properties; it reads {@code sslmode}, {@code sslrootcert},
 * {@code sslcert}, {@code sslkey} and {@code sslpassword} like pgjdbc's own {@code LibPQFactory}, but also reads
 * encrypted PEM keys, uses any single key of a PKCS#12 store, and refuses certificates with messages that say why.
 * The host-name check of {@code verify-full} stays pgjdbc's too (it runs after the handshake).
 */
public final class PgConnectorSslFactory extends WrappedFactory {

    /**
     * Creates the factory; called reflectively by pgjdbc.
     *
     * @param info the connection properties
     * @throws io.pgconnector.errors.ConfigurationException if a file is missing or a password is wrong
     */
    public PgConnectorSslFactory(Properties info) {
        factory = TlsContexts.create(TlsSettings.fromDriverProperties(info)).getSocketFactory();
    }
}
