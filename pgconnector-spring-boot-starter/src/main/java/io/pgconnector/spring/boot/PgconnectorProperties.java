package io.pgconnector.spring.boot;

import io.pgconnector.client.IsolationLevel;
import io.pgconnector.client.TlsMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code pgconnector.*} settings of the client. Unset values keep the library's defaults; the connection itself
 * falls back to {@code spring.datasource.url}, {@code username} and {@code password}.
 */
@ConfigurationProperties(prefix = "pgconnector")
public class PgconnectorProperties {
    /** Whether to create the PostgresClient bean. */
    private boolean enabled = true;
    /**
     * Connection URI: {@code postgresql://user:password@host:port/db?sslmode=...} or a {@code jdbc:postgresql:} URL.
     * Falls back to spring.datasource.url.
     */
    private String url;
    /** Server host; overrides the URL's. */
    private String host;
    /** Server port; overrides the URL's. */
    private Integer port;
    /** Database; overrides the URL's. */
    private String database;
    /** User; falls back to spring.datasource.username. */
    private String username;
    /** Password; falls back to spring.datasource.password. Never logged. */
    private String password;
    /** Whether the client's pool is also the application's DataSource bean (so Flyway and JDBC use it). */
    private boolean exposeDataSource = true;

    /** Driver and connection options. */
    @NestedConfigurationProperty
    private final Client client = new Client();
    /** TLS options. */
    @NestedConfigurationProperty
    private final Tls tls = new Tls();
    /** Pool options. */
    @NestedConfigurationProperty
    private final Pool pool = new Pool();
    /** Metrics options. */
    @NestedConfigurationProperty
    private final Metrics metrics = new Metrics();

    /** {@return whether to create the client} */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether to create the client */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return the connection URI} */
    public String getUrl() {
        return url;
    }

    /** @param url the connection URI */
    public void setUrl(String url) {
        this.url = url;
    }

    /** {@return the host} */
    public String getHost() {
        return host;
    }

    /** @param host the host */
    public void setHost(String host) {
        this.host = host;
    }

    /** {@return the port} */
    public Integer getPort() {
        return port;
    }

    /** @param port the port */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** {@return the database} */
    public String getDatabase() {
        return database;
    }

    /** @param database the database */
    public void setDatabase(String database) {
        this.database = database;
    }

    /** {@return the user} */
    public String getUsername() {
        return username;
    }

    /** @param username the user */
    public void setUsername(String username) {
        this.username = username;
    }

    /** {@return the password} */
    public String getPassword() {
        return password;
    }

    /** @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** {@return whether the pool is the DataSource bean} */
    public boolean isExposeDataSource() {
        return exposeDataSource;
    }

    /** @param exposeDataSource whether the pool is the DataSource bean */
    public void setExposeDataSource(boolean exposeDataSource) {
        this.exposeDataSource = exposeDataSource;
    }

    /** {@return the client options} */
    public Client getClient() {
        return client;
    }

    /** {@return the TLS options} */
    public Tls getTls() {
        return tls;
    }

    /** {@return the pool options} */
    public Pool getPool() {
        return pool;
    }

    /** {@return the metrics options} */
    public Metrics getMetrics() {
        return metrics;
    }

    /** {@code pgconnector.client.*}: see {@code ClientOptions}. */
    public static class Client {
        /** TCP connect timeout. */
        private Duration connectTimeout;
        /** Timeout of the whole connection set-up. */
        private Duration loginTimeout;
        /** Timeout for one answer of the server. */
        private Duration socketTimeout;
        /** Timeout for sending a cancel request. */
        private Duration cancelSignalTimeout;
        /** TCP keep-alive. */
        private Boolean tcpKeepAlive;
        /** Rows fetched per round trip by query streams. */
        private Integer fetchSize;
        /** Executions before a statement is prepared on the server; 0 disables server-side preparation. */
        private Integer prepareThreshold;
        /** Binary wire format where the driver supports it. */
        private Boolean binaryTransfer;
        /** Schema search path of new connections. */
        private String currentSchema;
        /** Application name shown in pg_stat_activity. */
        private String applicationName;
        /** Extra pgjdbc properties, passed as they are. */
        private final Map<String, String> driverProperties = new LinkedHashMap<>();

        /** {@return the connect timeout} */
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        /** @param v the connect timeout */
        public void setConnectTimeout(Duration v) {
            this.connectTimeout = v;
        }

        /** {@return the login timeout} */
        public Duration getLoginTimeout() {
            return loginTimeout;
        }

        /** @param v the login timeout */
        public void setLoginTimeout(Duration v) {
            this.loginTimeout = v;
        }

        /** {@return the socket timeout} */
        public Duration getSocketTimeout() {
            return socketTimeout;
        }

        /** @param v the socket timeout */
        public void setSocketTimeout(Duration v) {
            this.socketTimeout = v;
        }

        /** {@return the cancel signal timeout} */
        public Duration getCancelSignalTimeout() {
            return cancelSignalTimeout;
        }

        /** @param v the cancel signal timeout */
        public void setCancelSignalTimeout(Duration v) {
            this.cancelSignalTimeout = v;
        }

        /** {@return TCP keep-alive} */
        public Boolean getTcpKeepAlive() {
            return tcpKeepAlive;
        }

        /** @param v TCP keep-alive */
        public void setTcpKeepAlive(Boolean v) {
            this.tcpKeepAlive = v;
        }

        /** {@return the fetch size} */
        public Integer getFetchSize() {
            return fetchSize;
        }

        /** @param v the fetch size */
        public void setFetchSize(Integer v) {
            this.fetchSize = v;
        }

        /** {@return the prepare threshold} */
        public Integer getPrepareThreshold() {
            return prepareThreshold;
        }

        /** @param v the prepare threshold */
        public void setPrepareThreshold(Integer v) {
            this.prepareThreshold = v;
        }

        /** {@return binary transfer} */
        public Boolean getBinaryTransfer() {
            return binaryTransfer;
        }

        /** @param v binary transfer */
        public void setBinaryTransfer(Boolean v) {
            this.binaryTransfer = v;
        }

        /** {@return the current schema} */
        public String getCurrentSchema() {
            return currentSchema;
        }

        /** @param v the current schema */
        public void setCurrentSchema(String v) {
            this.currentSchema = v;
        }

        /** {@return the application name} */
        public String getApplicationName() {
            return applicationName;
        }

        /** @param v the application name */
        public void setApplicationName(String v) {
            this.applicationName = v;
        }

        /** {@return the extra driver properties} */
        public Map<String, String> getDriverProperties() {
            return driverProperties;
        }
    }

    /** {@code pgconnector.tls.*}: see {@code TlsOptions}. */
    public static class Tls {
        /** TLS mode, as libpq's sslmode. */
        private TlsMode mode;
        /** PEM file of the certificate authority that signed the server's certificate. */
        private Path rootCertificate;
        /** PEM client certificate file. */
        private Path clientCertificate;
        /** PEM or PKCS#8 client key file. */
        private Path clientKey;
        /** PKCS#12 key store holding the client certificate and key. */
        private Path clientKeyStore;
        /** Password of the client key or key store. Never logged. */
        private String keyPassword;

        /** {@return the mode} */
        public TlsMode getMode() {
            return mode;
        }

        /** @param mode the mode */
        public void setMode(TlsMode mode) {
            this.mode = mode;
        }

        /** {@return the root certificate} */
        public Path getRootCertificate() {
            return rootCertificate;
        }

        /** @param v the root certificate */
        public void setRootCertificate(Path v) {
            this.rootCertificate = v;
        }

        /** {@return the client certificate} */
        public Path getClientCertificate() {
            return clientCertificate;
        }

        /** @param v the client certificate */
        public void setClientCertificate(Path v) {
            this.clientCertificate = v;
        }

        /** {@return the client key} */
        public Path getClientKey() {
            return clientKey;
        }

        /** @param v the client key */
        public void setClientKey(Path v) {
            this.clientKey = v;
        }

        /** {@return the client key store} */
        public Path getClientKeyStore() {
            return clientKeyStore;
        }

        /** @param v the client key store */
        public void setClientKeyStore(Path v) {
            this.clientKeyStore = v;
        }

        /** {@return the key password} */
        public String getKeyPassword() {
            return keyPassword;
        }

        /** @param v the key password */
        public void setKeyPassword(String v) {
            this.keyPassword = v;
        }
    }

    /** {@code pgconnector.pool.*}: see {@code PoolOptions}. */
    public static class Pool {
        /** Connections the pool may open. */
        private Integer maxOpenConnections;
        /** Idle connections kept ready. */
        private Integer minIdleConnections;
        /** A connection is replaced after this long; 0 keeps it forever. */
        private Duration maxLifetime;
        /** How long a call waits for a free connection. */
        private Duration connectionTimeout;
        /** Idle connections above the minimum are closed after this long. */
        private Duration idleTimeout;
        /** How long a liveness check may take. */
        private Duration validationTimeout;
        /** Log a warning when a connection is held longer; 0 is off. */
        private Duration leakDetectionThreshold;
        /** Idle connections are checked this often. */
        private Duration keepaliveTime;
        /** Pool name, shown in logs, thread names and the pool meters' tag. */
        private String poolName;
        /** SQL run on every new connection. */
        private String initSql;
        /** Connections start read-only. */
        private Boolean readOnly;
        /** Default isolation level of connections. */
        private IsolationLevel isolationLevel;

        /** {@return the maximum} */
        public Integer getMaxOpenConnections() {
            return maxOpenConnections;
        }

        /** @param v the maximum */
        public void setMaxOpenConnections(Integer v) {
            this.maxOpenConnections = v;
        }

        /** {@return the minimum idle} */
        public Integer getMinIdleConnections() {
            return minIdleConnections;
        }

        /** @param v the minimum idle */
        public void setMinIdleConnections(Integer v) {
            this.minIdleConnections = v;
        }

        /** {@return the lifetime} */
        public Duration getMaxLifetime() {
            return maxLifetime;
        }

        /** @param v the lifetime */
        public void setMaxLifetime(Duration v) {
            this.maxLifetime = v;
        }

        /** {@return the connection timeout} */
        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        /** @param v the connection timeout */
        public void setConnectionTimeout(Duration v) {
            this.connectionTimeout = v;
        }

        /** {@return the idle timeout} */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /** @param v the idle timeout */
        public void setIdleTimeout(Duration v) {
            this.idleTimeout = v;
        }

        /** {@return the validation timeout} */
        public Duration getValidationTimeout() {
            return validationTimeout;
        }

        /** @param v the validation timeout */
        public void setValidationTimeout(Duration v) {
            this.validationTimeout = v;
        }

        /** {@return the leak detection threshold} */
        public Duration getLeakDetectionThreshold() {
            return leakDetectionThreshold;
        }

        /** @param v the leak detection threshold */
        public void setLeakDetectionThreshold(Duration v) {
            this.leakDetectionThreshold = v;
        }

        /** {@return the keep-alive time} */
        public Duration getKeepaliveTime() {
            return keepaliveTime;
        }

        /** @param v the keep-alive time */
        public void setKeepaliveTime(Duration v) {
            this.keepaliveTime = v;
        }

        /** {@return the pool name} */
        public String getPoolName() {
            return poolName;
        }

        /** @param v the pool name */
        public void setPoolName(String v) {
            this.poolName = v;
        }

        /** {@return the init SQL} */
        public String getInitSql() {
            return initSql;
        }

        /** @param v the init SQL */
        public void setInitSql(String v) {
            this.initSql = v;
        }

        /** {@return read-only} */
        public Boolean getReadOnly() {
            return readOnly;
        }

        /** @param v read-only */
        public void setReadOnly(Boolean v) {
            this.readOnly = v;
        }

        /** {@return the isolation level} */
        public IsolationLevel getIsolationLevel() {
            return isolationLevel;
        }

        /** @param v the isolation level */
        public void setIsolationLevel(IsolationLevel v) {
            this.isolationLevel = v;
        }
    }

    /** {@code pgconnector.metrics.*}. */
    public static class Metrics {
        /** Whether to record client metrics (and Observations) when Micrometer and pgconnector-micrometer are present. */
        private boolean enabled = true;
        /** Record the SQL text as a tag and span attribute; each distinct statement makes its own timer. */
        private boolean recordSqlText;

        /** {@return whether metrics are on} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether metrics are on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return whether the SQL text is recorded} */
        public boolean isRecordSqlText() {
            return recordSqlText;
        }

        /** @param recordSqlText whether the SQL text is recorded */
        public void setRecordSqlText(boolean recordSqlText) {
            this.recordSqlText = recordSqlText;
        }
    }
}
