package io.pgconnector.spring.boot;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsOptions;
import org.springframework.core.env.Environment;

import java.util.function.Consumer;

/** Turns the bound properties (and the {@code spring.datasource.*} fallback) into a client builder. */
final class ClientBuilders {
    private ClientBuilders() {
    }

    static PostgresClient.Builder from(PgconnectorProperties p, Environment env) {
        String url = p.getUrl() != null ? p.getUrl() : env.getProperty("spring.datasource.url");
        PostgresClient.Builder b = url == null ? PostgresClient.builder() : PostgresClient.Builder.fromUri(libpq(url));
        set(p.getHost(), b::host);
        set(p.getPort(), b::port);
        set(p.getDatabase(), b::database);
        set(p.getUsername() != null ? p.getUsername() : env.getProperty("spring.datasource.username"), b::username);
        set(p.getPassword() != null ? p.getPassword() : env.getProperty("spring.datasource.password"), b::password);
        b.options(options(p, b.options()));
        b.pool(pool(p.getPool(), b.pool()));
        return b;
    }

    /** Accepts a libpq URI or a pgjdbc URL ({@code jdbc:postgresql://host:port/db?...}). */
    private static String libpq(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return url.substring("jdbc:".length());
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return url;
        }
        throw new ConfigurationException("pgconnector.url (or spring.datasource.url) must start with postgresql:// or "
                + "jdbc:postgresql://");
    }

    private static ClientOptions options(PgconnectorProperties p, ClientOptions base) {
        PgconnectorProperties.Client c = p.getClient();
        ClientOptions.Builder o = base.toBuilder();
        set(c.getConnectTimeout(), o::connectTimeout);
        set(c.getLoginTimeout(), o::loginTimeout);
        set(c.getSocketTimeout(), o::socketTimeout);
        set(c.getCancelSignalTimeout(), o::cancelSignalTimeout);
        set(c.getTcpKeepAlive(), o::tcpKeepAlive);
        set(c.getFetchSize(), o::fetchSize);
        set(c.getPrepareThreshold(), o::prepareThreshold);
        set(c.getBinaryTransfer(), o::binaryTransfer);
        set(c.getCurrentSchema(), o::currentSchema);
        set(c.getApplicationName(), o::applicationName);
        c.getDriverProperties().forEach(o::driverProperty);
        PgconnectorProperties.Tls t = p.getTls();
        if (t.getMode() != null || t.getRootCertificate() != null || t.getClientCertificate() != null
                || t.getClientKeyStore() != null) {
            TlsOptions.Builder tls = base.tls().toBuilder();
            set(t.getMode(), tls::mode);
            set(t.getRootCertificate(), tls::rootCertificate);
            if (t.getClientCertificate() != null) {
                tls.clientCertificate(t.getClientCertificate(), t.getClientKey(), t.getKeyPassword());
            }
            if (t.getClientKeyStore() != null) {
                tls.clientKeyStore(t.getClientKeyStore(), t.getKeyPassword());
            }
            o.tls(tls.build());
        }
        return o.build();
    }

    private static PoolOptions pool(PgconnectorProperties.Pool p, PoolOptions base) {
        PoolOptions.Builder o = base.toBuilder();
        set(p.getMaxOpenConnections(), o::maxOpenConnections);
        set(p.getMinIdleConnections(), o::minIdleConnections);
        set(p.getMaxLifetime(), o::maxLifetime);
        set(p.getConnectionTimeout(), o::connectionTimeout);
        set(p.getIdleTimeout(), o::idleTimeout);
        set(p.getValidationTimeout(), o::validationTimeout);
        set(p.getLeakDetectionThreshold(), o::leakDetectionThreshold);
        set(p.getKeepaliveTime(), o::keepaliveTime);
        set(p.getPoolName(), o::poolName);
        set(p.getInitSql(), o::initSql);
        set(p.getReadOnly(), o::readOnly);
        set(p.getIsolationLevel(), o::isolationLevel);
        return o.build();
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
