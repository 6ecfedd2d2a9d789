package io.pgconnector.embedded.internal;

import io.pgconnector.embedded.EmbeddedPostgresException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches, stops and kills one embedded PostgreSQL server and connects to it as the superuser. Not thread-safe:
 * {@code EmbeddedPostgres} calls it under its own lock (only {@link #port()} and {@link #serverVersion()} are read
 * without it).
 */
public final class ServerProcess {

    /** Named after the facade, so that log configuration of EmbeddedPostgres covers the server it runs. */
    private static final Logger LOG = LoggerFactory.getLogger("io.pgconnector.embedded.EmbeddedPostgres");
    private static final long POLL_INTERVAL_MILLIS = 25;
    private static final int PORT_ATTEMPTS = 3;

    private final ServerConfig config;
    private final ServerFiles files;
    private final boolean autoPort;

    private volatile int port;
    private volatile String serverVersion;
    private Process process;
    private boolean initialized;
    private boolean initSqlDone;

    /**
     * Creates the server's temporary directory and picks its port; nothing is started yet.
     *
     * @param config the settings
     */
    public ServerProcess(ServerConfig config) {
        this.config = config;
        this.autoPort = config.port() == 0;
        this.port = autoPort ? Ports.freePort() : config.port();
        this.files = new ServerFiles(config.tls());
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public ServerConfig config() {
        return config;
    }

    /**
     * The server's files.
     *
     * @return the files
     */
    public ServerFiles files() {
        return files;
    }

    /**
     * The TCP port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The version reported by the server at its last start.
     *
     * @return the version, or null if never started
     */
    public String serverVersion() {
        return serverVersion;
    }

    /**
     * Whether the server process is alive.
     *
     * @return true if started and not stopped, killed or crashed
     */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server: {@code initdb} (or the seed) on the first call, then {@code postgres}, waiting until it
     * answers a query. The caller checks that it is not running.
     *
     * @param deadline the {@link System#nanoTime()} by which it must be ready
     * @throws EmbeddedPostgresException if it does not become ready in time
     */
    public void launch(long deadline) {
        if (!initialized) {
            files.initialize(config, port, deadline);
            initialized = true;
        }
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

    /** Runs the configured init SQL, the first time only. */
    public void runInitSqlOnce() {
        if (initSqlDone) {
            return;
        }
        for (String sql : config.initSql()) {
            execute("postgres", sql);
        }
        initSqlDone = true;
    }

    private void launchOnce(long deadline) throws PortInUseException {
        List<String> command = List.of(Processes.binary("postgres"), "-D", files.dataDirectory().toString(), "-p",
                Integer.toString(port));
        LOG.debug("Starting {}", command);
        try {
            process = Processes.builder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.logFile().toFile())).start();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not start " + command + ": " + e, e);
        }
        SQLException lastError = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    int exit = process.exitValue();
                    String tail = FileUtil.tail(files.logFile(), ServerFiles.LOG_TAIL_LINES);
                    process = null;
                    if (tail.contains("Address already in use") || tail.contains("could not create any TCP/IP")) {
                        throw new PortInUseException("PostgreSQL could not listen on port " + port + ". "
                                + files.logTail());
                    }
                    throw new EmbeddedPostgresException("PostgreSQL exited with code " + exit
                            + " during startup. Last " + ServerFiles.LOG_TAIL_LINES + " lines of " + files.logFile()
                            + ":" + System.lineSeparator() + tail);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    kill();
                    throw new EmbeddedPostgresException("PostgreSQL did not become ready on port " + port
                            + " within the startup timeout of " + config.startupTimeout().toMillis() + " ms"
                            + (lastError == null ? "" : " (last connection error: " + lastError.getMessage() + ")")
                            + ". " + files.logTail());
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
                                + e.getMessage() + "). Check the hbaLine/setting options. " + files.logTail(), e);
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

    /**
     * Stops the server with {@code pg_ctl stop -m fast}, keeping its data; kills it if it does not stop in time.
     *
     * @throws EmbeddedPostgresException if it did not stop cleanly (it was then killed)
     */
    public void stop() {
        if (process == null) {
            return;
        }
        if (!process.isAlive()) {
            process = null;
            return;
        }
        long timeoutSeconds = Math.max(5, config.startupTimeout().toSeconds());
        String problem = null;
        try {
            Process pgCtl = new ProcessBuilder(ProcessLauncher.get().wrap(List.of(Processes.binary("pg_ctl"), "stop",
                    "-D", files.dataDirectory().toString(), "-m", "fast", "-w", "-t", Long.toString(timeoutSeconds))))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Processes.nullFile()))
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
                    + "); it was killed. " + files.logTail());
        }
        process = null;
        LOG.debug("PostgreSQL on port {} stopped", port);
    }

    /** SIGKILLs the server and its children, like a crash; the data directory is kept. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> extra = new ArrayList<>();
        files.readPostmasterPid().flatMap(ProcessHandle::of).ifPresent(extra::add);
        Processes.killTree(process.toHandle(), extra, port);
        process = null;
        files.deleteStalePid();
        LOG.debug("PostgreSQL on port {} killed", port);
    }

    /**
     * Runs one statement as the superuser.
     *
     * @param database the database
     * @param sql the statement
     * @throws EmbeddedPostgresException if it fails (naming the database, SQLSTATE and statement)
     */
    public void execute(String database, String sql) {
        try (Connection c = connect(database, config.startupTimeout().toNanos()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Statement failed on database " + database + " (SQLSTATE "
                    + e.getSQLState() + "): " + e.getMessage() + System.lineSeparator() + "SQL: " + sql, e);
        }
    }

    private Connection connect(String database, long timeoutNanos) throws SQLException {
        Properties props = tlsProperties();
        props.setProperty("user", ServerConfig.SUPERUSER);
        props.setProperty("password", config.password());
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

    /**
     * The pgjdbc URL of a database, without credentials or TLS parameters.
     *
     * @param database the database
     * @return the URL
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + ServerConfig.HOST + ":" + port + "/" + encode(database);
    }

    /**
     * The pgjdbc TLS properties for the superuser: {@code sslmode=disable} without TLS, else {@code verify-full}
     * with the generated CA (and the client certificate if one is required).
     *
     * @return new properties
     */
    public Properties tlsProperties() {
        Properties props = new Properties();
        if (!config.tls()) {
            props.setProperty("sslmode", "disable");
            return props;
        }
        props.setProperty("ssl", "true");
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslrootcert", files.tlsFiles().caCert().toString());
        if (config.clientCertRequired()) {
            props.setProperty("sslcert", files.tlsFiles().clientCert().toString());
            props.setProperty("sslkey", files.tlsFiles().clientKey().toString());
        }
        return props;
    }

    /**
     * Percent-encodes a URL part.
     *
     * @param s the text
     * @return the encoded text
     */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Internal signal: the chosen port was taken by another process. */
    private static final class PortInUseException extends Exception {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message, null, false, false);
        }
    }
}
