package io.pgconnector.client.internal;

import org.postgresql.Driver;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The pool's source of connections. While the server cannot be reached, an attempt does not fail at once but probes
 * every {@value #PROBE_MILLIS} ms and returns as soon as the server accepts a connection: HikariCP would otherwise
 * back off between failed attempts, doubling up to a fixed 5 s, so that after a long outage the pool recovered up
 * to 5 s after the server was back. Waiting callers still fail after {@code connectionTimeout}, with the last
 * failure ({@link #outageFailure()}). Failures that are not about reaching the server (a wrong password, a missing
 * database) fail at once, as does every attempt while the pool starts (its eager first connection fails fast).
 */
final class RecoveringDataSource implements DataSource {
    static final long PROBE_MILLIS = 200;

    private final Driver driver = new Driver();
    private final String url;
    private final Properties properties;
    private volatile boolean started;
    private volatile SQLException outageFailure;

    RecoveringDataSource(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    /** From now on, attempts wait for an unreachable server instead of failing. */
    void started() {
        started = true;
    }

    /** The failure of the attempts while the server is unreachable, or null when the last attempt succeeded. */
    SQLException outageFailure() {
        return outageFailure;
    }

    @Override
    public Connection getConnection() throws SQLException {
        while (true) {
            try {
                Connection c = driver.connect(url, properties);
                if (c == null) {
                    throw new SQLException("pgjdbc does not accept the URL " + url, "08001");
                }
                outageFailure = null;
                return c;
            } catch (SQLException e) {
                if (!started || !unreachable(e)) {
                    throw e;
                }
                outageFailure = e;
                try {
                    Thread.sleep(PROBE_MILLIS);
                } catch (InterruptedException interrupted) {
                    // The pool is shutting down.
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Connection failures, and a server that is starting or shutting down; not authentication or a missing database. */
    private static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("08001") || state.equals("08006") || state.equals("08004")
                && e.getMessage() != null && e.getMessage().contains("starting up") || state.equals("57P03")
                || state.equals("57P01"));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Logging goes through SLF4J.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The driver's connectTimeout and loginTimeout properties bound each attempt.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
