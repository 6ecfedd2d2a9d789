package io.pgconnector.client.internal;

import io.pgconnector.errors.ClientClosedException;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * A client's pool seen as a {@link DataSource}. It refuses connections once its client is closed even when the
 * pool itself lives on (shared with other clients), and it does not unwrap to the pool, so that a framework cannot
 * close or reconfigure what the client still uses.
 */
final class ClientDataSource implements DataSource {
    private final DataSource pool;
    private final BooleanSupplier closed;
    private final String target;

    ClientDataSource(DataSource pool, BooleanSupplier closed, String target) {
        this.pool = pool;
        this.closed = closed;
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed.getAsBoolean()) {
            String message = "The client for " + target + " is closed, and so is its data source";
            throw new SQLException(message, "08003", new ClientClosedException(message));
        }
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The client's data source connects as the client's user; "
                + "build another client for other credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("Set the client's PoolOptions.connectionTimeout instead");
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("pgconnector logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("The client's data source does not unwrap to " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "DataSource[" + target + (closed.getAsBoolean() ? ", closed" : "") + "]";
    }
}
