package io.pgconnector.client;

import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.PoolExhaustedException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Connection pool settings (the pool is HikariCP). Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>maxOpenConnections</td><td>15</td><td>connections the pool may open</td></tr>
 *   <tr><td>minIdleConnections</td><td>15</td><td>idle connections kept ready</td></tr>
 *   <tr><td>maxLifetime</td><td>30 min</td><td>a connection is replaced after this long; {@link Duration#ZERO}
 *   keeps it forever</td></tr>
 *   <tr><td>connectionTimeout</td><td>30 s</td><td>how long a call waits for a free connection before
 *   {@link PoolExhaustedException}</td></tr>
 *   <tr><td>idleTimeout</td><td>10 min</td><td>idle connections above the minimum are closed after this long</td></tr>
 *   <tr><td>validationTimeout</td><td>5 s, or half the connectionTimeout when that is under 10 s (at least
 *   250 ms)</td><td>how long a liveness check may take</td></tr>
 *   <tr><td>leakDetectionThreshold</td><td>off</td><td>log a warning, with the borrower's stack, when a connection
 *   is held longer (at least 2 s)</td></tr>
 *   <tr><td>keepaliveTime</td><td>2 min</td><td>idle connections are checked this often</td></tr>
 *   <tr><td>poolName</td><td>generated</td><td>shown in logs and thread names</td></tr>
 *   <tr><td>initSql / initStatements</td><td>none</td><td>statements run, in order, on every new
 *   connection</td></tr>
 *   <tr><td>lazyStart</td><td>false</td><td>when true, creating the client does not connect: the pool fills in the
 *   background and the first call connects, or fails with a {@link ConnectionException} naming the cause</td></tr>
 *   <tr><td>readOnly</td><td>false</td><td>connections start read-only</td></tr>
 *   <tr><td>isolationLevel</td><td>server default</td><td>default isolation of connections</td></tr>
 *   <tr><td>shared</td><td>false</td><td>clients with the same target, credentials and options share one pool,
 *   closed when the last of them closes</td></tr>
 * </table>
 */
public final class PoolOptions {
    private static final PoolOptions DEFAULTS = builder().build();

    private final int maxOpenConnections;
    private final int minIdleConnections;
    private final Duration maxLifetime;
    private final Duration connectionTimeout;
    private final Duration idleTimeout;
    private final Duration validationTimeout;
    private final Duration leakDetectionThreshold;
    private final Duration keepaliveTime;
    private final String poolName;
    private final List<String> initStatements;
    private final boolean lazyStart;
    private final boolean readOnly;
    private final IsolationLevel isolationLevel;
    private final boolean shared;
    /** The validation timeout as set, or null when derived from the connection timeout. */
    private final Duration validationTimeoutSet;

    private PoolOptions(Builder b) {
        this.maxOpenConnections = b.maxOpenConnections;
        this.minIdleConnections = b.minIdleConnections;
        this.maxLifetime = b.maxLifetime;
        this.connectionTimeout = b.connectionTimeout;
        this.idleTimeout = b.idleTimeout;
        this.validationTimeoutSet = b.validationTimeout;
        this.validationTimeout = b.validationTimeout != null ? b.validationTimeout
                : defaultValidationTimeout(b.connectionTimeout);
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.keepaliveTime = b.keepaliveTime;
        this.poolName = b.poolName;
        this.initStatements = b.initStatements;
        this.lazyStart = b.lazyStart;
        this.readOnly = b.readOnly;
        this.isolationLevel = b.isolationLevel;
        this.shared = b.shared;
    }

    /**
     * Returns the defaults.
     *
     * @return the default options
     */
    public static PoolOptions defaults() {
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
     * Returns a builder holding these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxOpenConnections = maxOpenConnections;
        b.minIdleConnections = minIdleConnections;
        b.maxLifetime = maxLifetime;
        b.connectionTimeout = connectionTimeout;
        b.idleTimeout = idleTimeout;
        b.validationTimeout = validationTimeoutSet;
        b.leakDetectionThreshold = leakDetectionThreshold;
        b.keepaliveTime = keepaliveTime;
        b.poolName = poolName;
        b.initStatements = initStatements;
        b.lazyStart = lazyStart;
        b.readOnly = readOnly;
        b.isolationLevel = isolationLevel;
        b.shared = shared;
        return b;
    }

    /** {@return the maximum number of open connections} */
    public int maxOpenConnections() {
        return maxOpenConnections;
    }

    /** {@return the number of idle connections kept ready} */
    public int minIdleConnections() {
        return minIdleConnections;
    }

    /** {@return the maximum lifetime of a connection; zero for unlimited} */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** {@return how long a call waits for a free connection} */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** {@return how long surplus idle connections live} */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** {@return how long a liveness check may take} */
    public Duration validationTimeout() {
        return validationTimeout;
    }

    /** {@return the leak detection threshold; zero when off} */
    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** {@return how often idle connections are checked; zero when off} */
    public Duration keepaliveTime() {
        return keepaliveTime;
    }

    /** {@return the pool name, or null for a generated one} */
    public String poolName() {
        return poolName;
    }

    /** {@return the statements run on each new connection, joined by {@code ;}, or null when there are none} */
    public String initSql() {
        return initStatements.isEmpty() ? null : String.join(";\n", initStatements);
    }

    /** {@return the statements run, in order, on each new connection; empty when none} */
    public List<String> initStatements() {
        return initStatements;
    }

    /** {@return whether creating the client skips connecting (the first call connects)} */
    public boolean lazyStart() {
        return lazyStart;
    }

    /** {@return whether connections start read-only} */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@return the default isolation level, or null for the server's} */
    public IsolationLevel isolationLevel() {
        return isolationLevel;
    }

    /** {@return whether clients with equal settings share this pool} */
    public boolean shared() {
        return shared;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PoolOptions)) {
            return false;
        }
        PoolOptions p = (PoolOptions) o;
        return maxOpenConnections == p.maxOpenConnections && minIdleConnections == p.minIdleConnections
                && maxLifetime.equals(p.maxLifetime) && connectionTimeout.equals(p.connectionTimeout)
                && idleTimeout.equals(p.idleTimeout) && validationTimeout.equals(p.validationTimeout)
                && leakDetectionThreshold.equals(p.leakDetectionThreshold) && keepaliveTime.equals(p.keepaliveTime)
                && Objects.equals(poolName, p.poolName) && initStatements.equals(p.initStatements)
                && lazyStart == p.lazyStart
                && readOnly == p.readOnly && isolationLevel == p.isolationLevel && shared == p.shared;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxOpenConnections, minIdleConnections, maxLifetime, connectionTimeout, poolName, shared);
    }

    @Override
    public String toString() {
        return "PoolOptions[maxOpenConnections=" + maxOpenConnections + ", minIdleConnections=" + minIdleConnections
                + ", maxLifetime=" + maxLifetime + ", connectionTimeout=" + connectionTimeout + ", idleTimeout="
                + idleTimeout + ", validationTimeout=" + validationTimeout + ", leakDetectionThreshold="
                + leakDetectionThreshold + ", keepaliveTime=" + keepaliveTime + ", poolName=" + poolName
                + ", initStatements=" + initStatements.size() + ", lazyStart=" + lazyStart + ", readOnly=" + readOnly
                + ", isolationLevel=" + isolationLevel + ", shared=" + shared + "]";
    }

    private static Duration defaultValidationTimeout(Duration connectionTimeout) {
        Duration half = connectionTimeout.dividedBy(2);
        Duration floor = Duration.ofMillis(250);
        Duration d = half.compareTo(floor) < 0 ? floor : half;
        return d.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : d;
    }

    /** Builds {@link PoolOptions}; {@link #build()} checks the values against each other. */
    public static final class Builder {
        private int maxOpenConnections = 15;
        private int minIdleConnections = 15;
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration validationTimeout;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private Duration keepaliveTime = Duration.ofMinutes(2);
        private String poolName;
        private List<String> initStatements = List.of();
        private boolean lazyStart;
        private boolean readOnly;
        private IsolationLevel isolationLevel;
        private boolean shared;

        private Builder() {
        }

        /**
         * Sets the maximum number of open connections (default 15).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxOpenConnections(int n) {
            this.maxOpenConnections = ClientOptions.Builder.atLeast("maxOpenConnections", n, 1);
            return this;
        }

        /**
         * Sets the number of idle connections kept ready (default 15; capped at maxOpenConnections).
         *
         * @param n 0 or more
         * @return this builder
         */
        public Builder minIdleConnections(int n) {
            this.minIdleConnections = ClientOptions.Builder.atLeast("minIdleConnections", n, 0);
            return this;
        }

        /**
         * Sets the maximum lifetime of a connection (default 30 min; {@link Duration#ZERO} for unlimited; else at
         * least 30 s).
         *
         * @param d the lifetime
         * @return this builder
         */
        public Builder maxLifetime(Duration d) {
            this.maxLifetime = ClientOptions.Builder.nonNegative("maxLifetime", d);
            return this;
        }

        /**
         * Sets how long a call waits for a free connection (default 30 s; at least 250 ms).
         *
         * @param d the timeout
         * @return this builder
         */
        public Builder connectionTimeout(Duration d) {
            this.connectionTimeout = ClientOptions.Builder.nonNegative("connectionTimeout", d);
            return this;
        }

        /**
         * Sets how long surplus idle connections live (default 10 min; {@link Duration#ZERO} for never closed).
         *
         * @param d the timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = ClientOptions.Builder.nonNegative("idleTimeout", d);
            return this;
        }

        /**
         * Sets how long a liveness check may take (at least 250 ms and at most the connection timeout). By default
         * 5 s, or half the connection timeout when that is shorter than 10 s (but at least 250 ms), so a short
         * {@link #connectionTimeout(Duration)} alone is valid.
         *
         * @param d the timeout
         * @return this builder
         */
        public Builder validationTimeout(Duration d) {
            this.validationTimeout = ClientOptions.Builder.nonNegative("validationTimeout", d);
            return this;
        }

        /**
         * Sets the leak detection threshold (default off; at least 2 s when on).
         *
         * @param d the threshold; {@link Duration#ZERO} turns it off
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration d) {
            this.leakDetectionThreshold = ClientOptions.Builder.nonNegative("leakDetectionThreshold", d);
            return this;
        }

        /**
         * Sets how often idle connections are checked (default 2 min; at least 30 s; {@link Duration#ZERO} off).
         *
         * @param d the interval
         * @return this builder
         */
        public Builder keepaliveTime(Duration d) {
            this.keepaliveTime = ClientOptions.Builder.nonNegative("keepaliveTime", d);
            return this;
        }

        /**
         * Sets the pool name shown in logs.
         *
         * @param name the name
         * @return this builder
         */
        public Builder poolName(String name) {
            this.poolName = name;
            return this;
        }

        /**
         * Sets SQL run on every new connection, such as {@code SET TIME ZONE 'UTC'}.
         *
         * @param sql the statement
         * @return this builder
         */
        public Builder initSql(String sql) {
            this.initStatements = sql == null ? List.of() : List.of(sql);
            return this;
        }

        /**
         * Sets several statements run, in order, on every new connection (replacing {@link #initSql(String)}), for
         * example {@code SET TIME ZONE 'UTC'} and {@code SET search_path = app, public}. A failing statement fails
         * the connection.
         *
         * @param statements the statements, none blank
         * @return this builder
         * @throws ConfigurationException if a statement is null or blank
         */
        public Builder initStatements(String... statements) {
            for (String st : statements) {
                if (st == null || st.isBlank()) {
                    throw new ConfigurationException("initStatements must not contain a null or blank statement");
                }
            }
            this.initStatements = List.of(statements);
            return this;
        }

        /**
         * Makes creating the client not connect (default false: a wrong host or password fails at creation). With
         * it, an application can start before its database is up: the pool connects in the background, and the
         * first call either gets a connection within {@link #connectionTimeout(Duration)} or fails with a
         * {@link ConnectionException} (or {@link AuthenticationException}) that names the cause.
         *
         * @param on whether to start lazily
         * @return this builder
         */
        public Builder lazyStart(boolean on) {
            this.lazyStart = on;
            return this;
        }

        /**
         * Makes connections start read-only.
         *
         * @param on whether connections are read-only
         * @return this builder
         */
        public Builder readOnly(boolean on) {
            this.readOnly = on;
            return this;
        }

        /**
         * Sets the default isolation level of connections.
         *
         * @param level the level, or null for the server's default
         * @return this builder
         */
        public Builder isolationLevel(IsolationLevel level) {
            this.isolationLevel = level;
            return this;
        }

        /**
         * Lets clients built with the same target, credentials and options share one pool, which closes when the
         * last of them closes.
         *
         * @param on whether to share
         * @return this builder
         */
        public Builder shared(boolean on) {
            this.shared = on;
            return this;
        }

        /**
         * Checks the values against each other and builds the options.
         *
         * @return the options
         * @throws ConfigurationException if a value is out of range
         */
        public PoolOptions build() {
            if (connectionTimeout.toMillis() < 250) {
                throw new ConfigurationException("connectionTimeout must be at least 250 ms, got " + connectionTimeout);
            }
            if (validationTimeout != null
                    && (validationTimeout.toMillis() < 250 || validationTimeout.compareTo(connectionTimeout) > 0)) {
                throw new ConfigurationException("validationTimeout must be at least 250 ms and at most "
                        + "connectionTimeout (" + connectionTimeout + "), got " + validationTimeout
                        + "; leave it unset to derive it from connectionTimeout");
            }
            if (!maxLifetime.isZero() && maxLifetime.getSeconds() < 30) {
                throw new ConfigurationException("maxLifetime must be zero (unlimited) or at least 30 s, got "
                        + maxLifetime);
            }
            if (!leakDetectionThreshold.isZero() && leakDetectionThreshold.toMillis() < 2000) {
                throw new ConfigurationException("leakDetectionThreshold must be zero (off) or at least 2 s, got "
                        + leakDetectionThreshold);
            }
            if (!keepaliveTime.isZero() && keepaliveTime.getSeconds() < 30) {
                throw new ConfigurationException("keepaliveTime must be zero (off) or at least 30 s, got "
                        + keepaliveTime);
            }
            if (!idleTimeout.isZero() && idleTimeout.getSeconds() < 10) {
                throw new ConfigurationException("idleTimeout must be zero (never) or at least 10 s, got "
                        + idleTimeout);
            }
            return new PoolOptions(this);
        }
    }
}
