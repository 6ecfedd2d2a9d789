package io.pgconnector.client.internal;

import io.pgconnector.client.internal.net.WatchedSocketFactory;
import io.pgconnector.client.internal.tls.TlsProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates HikariCP pools from client settings, and keeps the shared ones: clients with equal settings and
 * {@code PoolOptions.shared(true)} get the same pool, closed when its last client lets go of it.
 */
public final class Pools {
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();
    private static final Map<SharedKey, SharedPool> SHARED = new HashMap<>();

    private record SharedKey(List<String> hosts, String user, String password, String database,
            ClientOptions options, PoolOptions pool) {
        @Override
        public String toString() {
            return "SharedKey[" + user + "@" + String.join(",", hosts) + "/" + database + "]";
        }
    }

    private static final class SharedPool {
        final HikariDataSource dataSource;
        int users;

        SharedPool(HikariDataSource dataSource) {
            this.dataSource = dataSource;
        }
    }

    /** A pool handed to one client; releasing it closes the pool unless other clients still share it. */
    public interface Lease {
        /**
         * Returns the pool.
         *
         * @return the data source
         */
        HikariDataSource dataSource();

        /** Lets go of the pool. */
        void release();
    }

    private Pools() {
    }

    /**
     * Opens a pool (or joins a shared one) for the builder's settings. Connects eagerly.
     *
     * @param b the settings
     * @return the lease
     * @throws ConnectionException if the first connection fails
     */
    public static Lease open(PostgresClient.Builder b) {
        if (!b.pool().shared()) {
            HikariDataSource ds = create(b);
            return new Lease() {
                @Override
                public HikariDataSource dataSource() {
                    return ds;
                }

                @Override
                public void release() {
                    ds.close();
                }
            };
        }
        SharedKey key = new SharedKey(b.hosts(), b.username(), b.password(), b.database(), b.options(),
                b.pool());
        synchronized (SHARED) {
            SharedPool shared = SHARED.get(key);
            if (shared == null || shared.dataSource.isClosed()) {
                shared = new SharedPool(create(b));
                SHARED.put(key, shared);
            }
            shared.users++;
            SharedPool mine = shared;
            return new Lease() {
                private boolean released;

                @Override
                public HikariDataSource dataSource() {
                    return mine.dataSource;
                }

                @Override
                public void release() {
                    synchronized (SHARED) {
                        if (released) {
                            return;
                        }
                        released = true;
                        if (--mine.users == 0) {
                            SHARED.remove(key, mine);
                            mine.dataSource.close();
                        }
                    }
                }
            };
        }
    }

    /**
     * Returns the failure to report when a call got no connection: while the server is unreachable the pool's
     * attempts keep probing instead of failing (see {@link RecoveringDataSource}), so the pool's timeout carries no
     * current cause; the last failed attempt is the real one.
     *
     * @param pool the pool
     * @param e    what the pool threw
     * @return the exception to translate
     */
    static SQLException outageFailure(HikariDataSource pool, SQLException e) {
        if (e instanceof java.sql.SQLTransientConnectionException
                && pool.getDataSource() instanceof RecoveringDataSource) {
            SQLException outage = ((RecoveringDataSource) pool.getDataSource()).outageFailure();
            if (outage != null) {
                return new SQLException(e.getMessage() + "; the server cannot be reached: " + outage.getMessage(),
                        outage.getSQLState(), outage);
            }
        }
        return e;
    }

    /**
     * Returns the target of a builder for messages: {@code user@host:port/database}.
     *
     * @param b the settings
     * @return the description
     */
    public static String describe(PostgresClient.Builder b) {
        return ConnectionSpec.of(b).describe();
    }

    private static HikariDataSource create(PostgresClient.Builder b) {
        PoolOptions p = b.pool();
        HikariConfig config = new HikariConfig();

        ConnectionSpec spec = ConnectionSpec.of(b);
        if (p.readOnly()) {
            // Without this pgjdbc enforces read-only only inside explicit transactions, not in autocommit.
            spec = spec.with("readOnlyMode", "always");
        }
        RecoveringDataSource source = new RecoveringDataSource(spec.jdbcUrl(), spec.connectProperties());
        config.setDataSource(source);
        config.setPoolName(p.poolName() != null ? p.poolName() : "pgconnector-" + POOL_COUNTER.incrementAndGet());
        config.setMaximumPoolSize(p.maxOpenConnections());
        config.setMinimumIdle(Math.min(p.minIdleConnections(), p.maxOpenConnections()));
        config.setMaxLifetime(p.maxLifetime().toMillis());
        config.setConnectionTimeout(p.connectionTimeout().toMillis());
        config.setIdleTimeout(p.idleTimeout().toMillis());
        config.setValidationTimeout(p.validationTimeout().toMillis());
        config.setLeakDetectionThreshold(p.leakDetectionThreshold().toMillis());
        long keepalive = p.keepaliveTime().toMillis();
        if (!p.maxLifetime().isZero() && keepalive >= p.maxLifetime().toMillis()) {
            keepalive = 0;
        }
        config.setKeepaliveTime(keepalive);
        if (p.initSql() != null) {
            config.setConnectionInitSql(p.initSql());
        }
        config.setReadOnly(p.readOnly());
        if (p.isolationLevel() != null) {
            config.setTransactionIsolation("TRANSACTION_" + p.isolationLevel().name());
        }
        config.setAutoCommit(true);
        // -1: start without a connection (lazy start); 1: connect now and fail at once.
        config.setInitializationFailTimeout(p.lazyStart() ? -1 : 1);
        if (p.lazyStart()) {
            source.started();
        }
        try {
            HikariDataSource pool = new HikariDataSource(config);
            source.started();
            return pool;
        } catch (HikariPool.PoolInitializationException e) {
            String context = "Could not connect to PostgreSQL as " + describe(b);
            if (e.getCause() instanceof SQLException) {
                throw Errors.translate((SQLException) e.getCause(), context);
            }
            throw new ConnectionException(context + ": " + e.getMessage(), "08001", e);
        } catch (RuntimeException e) {
            throw new PostgresException("Could not create the connection pool for " + describe(b) + ": " + e,
                    null, e);
        }
    }

    /**
     * Opens one connection outside any pool, with exactly the settings (TLS included) a pooled one would get; for
     * sessions that must stay on one backend, such as a LISTEN connection.
     *
     * @param b the settings
     * @return the connection, in autocommit mode
     * @throws ConnectionException if the connection fails
     */
    public static Connection connect(PostgresClient.Builder b) {
        return ConnectionSpec.of(b).connect();
    }

    /**
     * Returns the pgjdbc properties for client options (including TLS key passwords: never log them). Unless the
     * user names a {@code socketFactory}, they name {@link WatchedSocketFactory}, whose sockets keep read timeouts
     * without the kernel's {@code SO_TIMEOUT}.
     *
     * @param o the options
     * @return the properties
     */
    public static Properties driverProperties(ClientOptions o) {
        Properties props = new Properties();
        props.setProperty("connectTimeout", seconds(o.connectTimeout()));
        props.setProperty("loginTimeout", seconds(o.loginTimeout()));
        props.setProperty("socketTimeout", seconds(o.socketTimeout()));
        props.setProperty("cancelSignalTimeout", seconds(o.cancelSignalTimeout()));
        props.setProperty("tcpKeepAlive", Boolean.toString(o.tcpKeepAlive()));
        props.setProperty("prepareThreshold", Integer.toString(o.prepareThreshold()));
        props.setProperty("preparedStatementCacheQueries", Integer.toString(o.preparedStatementCacheQueries()));
        props.setProperty("preparedStatementCacheSizeMiB", Integer.toString(o.preparedStatementCacheSizeMiB()));
        props.setProperty("databaseMetadataCacheFields", Integer.toString(o.metadataCacheFields()));
        props.setProperty("databaseMetadataCacheFieldsMiB", Integer.toString(o.metadataCacheFieldsMiB()));
        props.setProperty("binaryTransfer", Boolean.toString(o.binaryTransfer()));
        if (o.currentSchema() != null) {
            props.setProperty("currentSchema", o.currentSchema());
        }
        if (o.applicationName() != null) {
            props.setProperty("ApplicationName", o.applicationName());
        }
        // Strings are sent untyped so that the server infers enum, uuid, json, inet... from the context.
        props.setProperty("stringtype", "unspecified");
        // CALL and {call} both work without the user knowing about pgjdbc's escape syntax modes.
        props.setProperty("escapeSyntaxCallMode", "callIfNoReturn");
        // money is read and written in the C locale's format whatever the server's lc_monetary.
        if (o.pgBouncerTransactionMode()) {
            // A transaction-mode pooler hands each transaction to any server session: a statement prepared on one
            // is unknown on the next, and PgBouncer refuses the options startup parameter.
            props.setProperty("prepareThreshold", "0");
        } else {
            props.setProperty("options", "-c lc_monetary=C");
        }
        TlsProperties.of(o.tls()).forEach(props::setProperty);
        o.driverProperties().forEach((k, v) -> {
            if (k.equals("options") && !o.pgBouncerTransactionMode()) {
                props.setProperty("options", "-c lc_monetary=C " + v);
            } else {
                props.setProperty(k, v);
            }
        });
        if (!props.containsKey("socketFactory") && WatchedSocketFactory.usable()) {
            // socketTimeout (and connectTimeout during the login) kept by a watchdog thread, not SO_TIMEOUT: after
            // one read with SO_TIMEOUT the JDK reads the socket in non-blocking mode, polling whenever the answer
            // is not there yet, for the rest of the connection's life.
            props.setProperty("socketFactory", WatchedSocketFactory.class.getName());
        }
        return props;
    }

    private static String seconds(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Long.toString(Math.min(s, Integer.MAX_VALUE));
    }
}
