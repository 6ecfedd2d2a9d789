package io.pgconnector.client;

import io.pgconnector.codec.Codec;
import io.pgconnector.errors.ConfigurationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Connection settings passed to the driver. Immutable; build with {@link #builder()}. Every time is a
 * {@link Duration} and is converted to the driver's own unit (whole seconds, rounded up); {@link Duration#ZERO}
 * disables a timeout. The defaults never wait forever.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>connectTimeout</td><td>10 s</td><td>opening the TCP connection</td></tr>
 *   <tr><td>loginTimeout</td><td>30 s</td><td>the whole connection set-up, TLS and authentication included</td></tr>
 *   <tr><td>socketTimeout</td><td>5 min</td><td>waiting for the server's answer to one request; a longer query
 *   fails with a connection error, so raise it for long reports</td></tr>
 *   <tr><td>cancelSignalTimeout</td><td>10 s</td><td>sending a query cancellation</td></tr>
 *   <tr><td>tcpKeepAlive</td><td>true</td><td>TCP keep-alive probes find dead peers</td></tr>
 *   <tr><td>fetchSize</td><td>1000</td><td>rows fetched per round trip by {@code query} streams; 0 is the
 *   driver's default: the whole result in one round trip, held in memory</td></tr>
 *   <tr><td>prepareThreshold</td><td>5</td><td>executions before a statement is prepared on the server; 0 disables
 *   server-side prepared statements (for PgBouncer in transaction mode)</td></tr>
 *   <tr><td>preparedStatementCacheQueries / SizeMiB</td><td>256 / 5</td><td>per-connection statement cache</td></tr>
 *   <tr><td>metadataCacheFields / MiB</td><td>65536 / 5</td><td>per-connection column metadata cache</td></tr>
 *   <tr><td>binaryTransfer</td><td>true</td><td>binary wire format where the driver supports it</td></tr>
 *   <tr><td>currentSchema</td><td>none</td><td>the {@code search_path} for new connections</td></tr>
 *   <tr><td>applicationName</td><td>pgconnector</td><td>shown in {@code pg_stat_activity}</td></tr>
 *   <tr><td>tls</td><td>{@link TlsMode#PREFER}</td><td>see {@link TlsOptions}</td></tr>
 *   <tr><td>pgBouncerTransactionMode</td><td>false</td><td>no server-side prepared statements and no
 *   {@code options} startup parameter, for a transaction-mode pooler</td></tr>
 *   <tr><td>statementReuse</td><td>64</td><td>prepared statements kept open per pooled connection for
 *   {@code queryRow}, {@code queryOptional}, {@code queryList} and {@code execute}; 0 prepares and closes one per
 *   call</td></tr>
 *   <tr><td>codecs</td><td>none (and those found by {@code ServiceLoader})</td><td>{@link Codec}s for PostgreSQL
 *   types the client does not know, such as an extension's</td></tr>
 * </table>
 */
public final class ClientOptions {
    private static final ClientOptions DEFAULTS = builder().build();

    private final Duration connectTimeout;
    private final Duration loginTimeout;
    private final Duration socketTimeout;
    private final Duration cancelSignalTimeout;
    private final boolean tcpKeepAlive;
    private final int fetchSize;
    private final int prepareThreshold;
    private final int preparedStatementCacheQueries;
    private final int preparedStatementCacheSizeMiB;
    private final int metadataCacheFields;
    private final int metadataCacheFieldsMiB;
    private final boolean binaryTransfer;
    private final String currentSchema;
    private final String applicationName;
    private final TlsOptions tls;
    private final Map<String, String> driverProperties;
    private final boolean pgBouncerTransactionMode;
    private final int statementReuse;
    private final List<Codec<?>> codecs;

    private ClientOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.loginTimeout = b.loginTimeout;
        this.socketTimeout = b.socketTimeout;
        this.cancelSignalTimeout = b.cancelSignalTimeout;
        this.tcpKeepAlive = b.tcpKeepAlive;
        this.fetchSize = b.fetchSize;
        this.prepareThreshold = b.prepareThreshold;
        this.preparedStatementCacheQueries = b.preparedStatementCacheQueries;
        this.preparedStatementCacheSizeMiB = b.preparedStatementCacheSizeMiB;
        this.metadataCacheFields = b.metadataCacheFields;
        this.metadataCacheFieldsMiB = b.metadataCacheFieldsMiB;
        this.binaryTransfer = b.binaryTransfer;
        this.currentSchema = b.currentSchema;
        this.applicationName = b.applicationName;
        this.tls = b.tls;
        this.driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.driverProperties));
        this.pgBouncerTransactionMode = b.pgBouncerTransactionMode;
        this.statementReuse = b.statementReuse;
        this.codecs = List.copyOf(b.codecs);
    }

    /**
     * Returns the defaults.
     *
     * @return the default options
     */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these settings, to derive changed options.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.loginTimeout = loginTimeout;
        b.socketTimeout = socketTimeout;
        b.cancelSignalTimeout = cancelSignalTimeout;
        b.tcpKeepAlive = tcpKeepAlive;
        b.fetchSize = fetchSize;
        b.prepareThreshold = prepareThreshold;
        b.preparedStatementCacheQueries = preparedStatementCacheQueries;
        b.preparedStatementCacheSizeMiB = preparedStatementCacheSizeMiB;
        b.metadataCacheFields = metadataCacheFields;
        b.metadataCacheFieldsMiB = metadataCacheFieldsMiB;
        b.binaryTransfer = binaryTransfer;
        b.currentSchema = currentSchema;
        b.applicationName = applicationName;
        b.tls = tls;
        b.driverProperties.putAll(driverProperties);
        b.pgBouncerTransactionMode = pgBouncerTransactionMode;
        b.statementReuse = statementReuse;
        b.codecs.addAll(codecs);
        return b;
    }

    /** {@return the TCP connect timeout} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return the timeout of the whole connection set-up} */
    public Duration loginTimeout() {
        return loginTimeout;
    }

    /** {@return the timeout for one server answer} */
    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** {@return the timeout for sending a cancel request} */
    public Duration cancelSignalTimeout() {
        return cancelSignalTimeout;
    }

    /** {@return whether TCP keep-alive is on} */
    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    /** {@return rows fetched per round trip by query streams} */
    public int fetchSize() {
        return fetchSize;
    }

    /** {@return executions before server-side preparation; 0 disables it} */
    public int prepareThreshold() {
        return prepareThreshold;
    }

    /** {@return the per-connection prepared statement cache size, in statements} */
    public int preparedStatementCacheQueries() {
        return preparedStatementCacheQueries;
    }

    /** {@return the per-connection prepared statement cache size, in MiB} */
    public int preparedStatementCacheSizeMiB() {
        return preparedStatementCacheSizeMiB;
    }

    /** {@return the per-connection metadata cache size, in fields} */
    public int metadataCacheFields() {
        return metadataCacheFields;
    }

    /** {@return the per-connection metadata cache size, in MiB} */
    public int metadataCacheFieldsMiB() {
        return metadataCacheFieldsMiB;
    }

    /** {@return whether binary transfer is on} */
    public boolean binaryTransfer() {
        return binaryTransfer;
    }

    /** {@return the schema search path for new connections, or null} */
    public String currentSchema() {
        return currentSchema;
    }

    /** {@return the application name reported to the server} */
    public String applicationName() {
        return applicationName;
    }

    /** {@return the TLS settings} */
    public TlsOptions tls() {
        return tls;
    }

    /** {@return whether the client is set up for PgBouncer in transaction mode} */
    public boolean pgBouncerTransactionMode() {
        return pgBouncerTransactionMode;
    }

    /** {@return how many prepared statements are kept open per pooled connection; 0 when none are} */
    public int statementReuse() {
        return statementReuse;
    }

    /**
     * Returns the codecs registered for the client's own PostgreSQL types, in registration order (a later one wins
     * over an earlier one for the same type or Java class). Codecs found by {@code ServiceLoader} are not listed:
     * they come before these.
     *
     * @return the codecs
     */
    public List<Codec<?>> codecs() {
        return codecs;
    }

    /** {@return extra pgjdbc properties, passed as they are} */
    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClientOptions)) {
            return false;
        }
        ClientOptions c = (ClientOptions) o;
        return connectTimeout.equals(c.connectTimeout) && loginTimeout.equals(c.loginTimeout)
                && socketTimeout.equals(c.socketTimeout) && cancelSignalTimeout.equals(c.cancelSignalTimeout)
                && tcpKeepAlive == c.tcpKeepAlive && fetchSize == c.fetchSize && prepareThreshold == c.prepareThreshold
                && preparedStatementCacheQueries == c.preparedStatementCacheQueries
                && preparedStatementCacheSizeMiB == c.preparedStatementCacheSizeMiB
                && metadataCacheFields == c.metadataCacheFields && metadataCacheFieldsMiB == c.metadataCacheFieldsMiB
                && binaryTransfer == c.binaryTransfer && Objects.equals(currentSchema, c.currentSchema)
                && Objects.equals(applicationName, c.applicationName) && tls.equals(c.tls)
                && driverProperties.equals(c.driverProperties)
                && pgBouncerTransactionMode == c.pgBouncerTransactionMode && codecs.equals(c.codecs)
                && statementReuse == c.statementReuse;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, loginTimeout, socketTimeout, fetchSize, prepareThreshold, currentSchema,
                applicationName, tls, driverProperties);
    }

    /** Describes the settings; driver properties are listed by name only, since they may hold secrets. */
    @Override
    public String toString() {
        return "ClientOptions[connectTimeout=" + connectTimeout + ", loginTimeout=" + loginTimeout
                + ", socketTimeout=" + socketTimeout + ", cancelSignalTimeout=" + cancelSignalTimeout
                + ", tcpKeepAlive=" + tcpKeepAlive + ", fetchSize=" + fetchSize + ", prepareThreshold="
                + prepareThreshold + ", binaryTransfer=" + binaryTransfer + ", currentSchema=" + currentSchema
                + ", applicationName=" + applicationName + ", tls=" + tls + ", driverProperties="
                + driverProperties.keySet() + (pgBouncerTransactionMode ? ", pgBouncerTransactionMode" : "")
                + (codecs.isEmpty() ? "" : ", codecs=" + codecs.stream().map(Codec::typeName).toList())
                + ", statementReuse=" + statementReuse + "]";
    }

    /** Builds {@link ClientOptions}; every value is checked when set. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration loginTimeout = Duration.ofSeconds(30);
        private Duration socketTimeout = Duration.ofMinutes(5);
        private Duration cancelSignalTimeout = Duration.ofSeconds(10);
        private boolean tcpKeepAlive = true;
        private int fetchSize = 1000;
        private int prepareThreshold = 5;
        private int preparedStatementCacheQueries = 256;
        private int preparedStatementCacheSizeMiB = 5;
        private int metadataCacheFields = 65536;
        private int metadataCacheFieldsMiB = 5;
        private boolean binaryTransfer = true;
        private String currentSchema;
        private String applicationName = "pgconnector";
        private int statementReuse = 64;
        private TlsOptions tls = TlsOptions.defaults();
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private final List<Codec<?>> codecs = new ArrayList<>();
        private boolean pgBouncerTransactionMode;

        private Builder() {
        }

        /**
         * Sets the TCP connect timeout (default 10 s).
         *
         * @param timeout the timeout; {@link Duration#ZERO} waits forever
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = nonNegative("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets the timeout of the whole connection set-up (default 30 s).
         *
         * @param timeout the timeout; {@link Duration#ZERO} waits forever
         * @return this builder
         */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = nonNegative("loginTimeout", timeout);
            return this;
        }

        /**
         * Sets how long to wait for one answer from the server (default 5 min). A dead network is detected after at
         * most this long; a query running longer fails, so set it above your longest query.
         *
         * @param timeout the timeout; {@link Duration#ZERO} waits forever
         * @return this builder
         */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = nonNegative("socketTimeout", timeout);
            return this;
        }

        /**
         * Sets the timeout for sending a cancel request (default 10 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder cancelSignalTimeout(Duration timeout) {
            this.cancelSignalTimeout = nonNegative("cancelSignalTimeout", timeout);
            return this;
        }

        /**
         * Turns TCP keep-alive on or off (default on).
         *
         * @param on whether to send keep-alive probes
         * @return this builder
         */
        public Builder tcpKeepAlive(boolean on) {
            this.tcpKeepAlive = on;
            return this;
        }

        /**
         * Sets how many rows a query stream fetches per round trip (default 1000). 0 is the driver's default: the
         * whole result is read in one round trip and held in memory (as the seed's {@code rowFetchSize = 0}), so
         * streams no longer run in constant memory.
         *
         * @param rows 0 or more
         * @return this builder
         */
        public Builder fetchSize(int rows) {
            this.fetchSize = atLeast("fetchSize", rows, 0);
            return this;
        }

        /**
         * Sets how many executions of a statement come before it is prepared on the server (default 5); 0 disables
         * server-side prepared statements, as PgBouncer in transaction mode needs.
         *
         * @param executions 0 or more
         * @return this builder
         */
        public Builder prepareThreshold(int executions) {
            this.prepareThreshold = atLeast("prepareThreshold", executions, 0);
            return this;
        }

        /**
         * Sets the per-connection prepared statement cache (default 256 statements, 5 MiB).
         *
         * @param statements the number of statements, 0 or more
         * @param mebibytes  the size limit, 0 or more
         * @return this builder
         */
        public Builder preparedStatementCache(int statements, int mebibytes) {
            this.preparedStatementCacheQueries = atLeast("preparedStatementCacheQueries", statements, 0);
            this.preparedStatementCacheSizeMiB = atLeast("preparedStatementCacheSizeMiB", mebibytes, 0);
            return this;
        }

        /**
         * Sets the per-connection column metadata cache (default 65536 fields, 5 MiB).
         *
         * @param fields    the number of fields, 0 or more
         * @param mebibytes the size limit, 0 or more
         * @return this builder
         */
        public Builder metadataCache(int fields, int mebibytes) {
            this.metadataCacheFields = atLeast("metadataCacheFields", fields, 0);
            this.metadataCacheFieldsMiB = atLeast("metadataCacheFieldsMiB", mebibytes, 0);
            return this;
        }

        /**
         * Turns binary transfer on or off (default on).
         *
         * @param on whether to use the binary wire format
         * @return this builder
         */
        public Builder binaryTransfer(boolean on) {
            this.binaryTransfer = on;
            return this;
        }

        /**
         * Sets the schema search path of new connections.
         *
         * @param schema a schema name or a comma-separated list, or null for the server's default
         * @return this builder
         */
        public Builder currentSchema(String schema) {
            this.currentSchema = schema;
            return this;
        }

        /**
         * Sets the application name shown in {@code pg_stat_activity} (default {@code pgconnector}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder applicationName(String name) {
            this.applicationName = name;
            return this;
        }

        /**
         * Sets the TLS settings (default {@link TlsMode#PREFER} with no certificates).
         *
         * @param tls the settings
         * @return this builder
         */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Sets the client up for PgBouncer (or another pooler) in transaction mode, where consecutive transactions
         * of one client connection may run on different server sessions (default off). On: no statement is
         * prepared on the server ({@code prepareThreshold} 0, whatever {@link #prepareThreshold(int)} says), and
         * no {@code options} startup parameter is sent, which PgBouncer refuses unless it is listed in its
         * {@code ignore_startup_parameters}; so {@code money} values follow the server's {@code lc_monetary}
         * instead of the C locale. Session state ({@code SET}, {@code LISTEN}, advisory locks, temporary tables)
         * must not be relied on across transactions. See {@code docs/pool-and-options.md}.
         *
         * @param on whether a transaction-mode pooler sits between the client and the server
         * @return this builder
         */
        public Builder pgBouncerTransactionMode(boolean on) {
            this.pgBouncerTransactionMode = on;
            return this;
        }

        /**
         * Sets how many prepared statements each pooled connection keeps open between calls (default 64; an LRU by
         * SQL text). A statement run again on the same connection then skips preparing, wrapping and closing a
         * {@code PreparedStatement}: {@code queryRow}, {@code queryOptional}, {@code queryList} and {@code execute}
         * use them; streams, batches, COPY and calls prepare their own. Kept statements close with their connection.
         * 0 turns reuse off. Whether a statement is also prepared on the server is still {@link #prepareThreshold(int)}
         * (so reuse is safe with {@link #pgBouncerTransactionMode(boolean)}).
         *
         * @param statementsPerConnection 0 or more
         * @return this builder
         */
        public Builder statementReuse(int statementsPerConnection) {
            this.statementReuse = atLeast("statementReuse", statementsPerConnection, 0);
            return this;
        }

        /**
         * Registers a codec for a PostgreSQL type the client does not know (an extension's type, say). The last
         * registration of a type or a Java class wins, over the built-in types too. The client looks the type up
         * when it starts and fails with a {@link ConfigurationException} if it does not exist.
         *
         * @param codec the codec
         * @return this builder
         * @throws ConfigurationException if the codec has no type name or Java class
         */
        public Builder codec(Codec<?> codec) {
            this.codecs.add(Implementations.checkCodec(codec));
            return this;
        }

        /**
         * Registers several codecs at once, after those registered before (which they win over).
         *
         * @param codecs the codecs
         * @return this builder
         * @throws ConfigurationException if a codec is not valid or two of them are for the same Java class; then
         *                                none of them is registered
         */
        public Builder codecs(Collection<? extends Codec<?>> codecs) {
            this.codecs.addAll(Implementations.checkCodecs(codecs));
            return this;
        }

        /**
         * Sets a pgjdbc connection property directly, for settings this class does not name. It overrides the
         * property derived from any other setting.
         *
         * @param name  the pgjdbc property name
         * @param value the value
         * @return this builder
         */
        public Builder driverProperty(String name, String value) {
            this.driverProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ClientOptions build() {
            return new ClientOptions(this);
        }

        static Duration nonNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new ConfigurationException(name + " must not be negative, got " + d);
            }
            return d;
        }

        static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new ConfigurationException(name + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
