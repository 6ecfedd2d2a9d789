package io.pgconnector.client.internal;

import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.PoolExhaustedException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.internal.tls.TlsFailures;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns driver and pool exceptions into the client's exception hierarchy. */
public final class Errors {
    private Errors() {
    }

    /**
     * Translates an exception thrown while running a statement.
     *
     * @param e the driver's exception
     * @return the client's exception
     */
    public static PostgresException translate(SQLException e) {
        return translate(e, null);
    }

    /**
     * Translates an exception, adding context (such as the target of a failed connection attempt) to the message.
     *
     * @param e       the driver's or pool's exception
     * @param context a phrase prefixed to the message, or null
     * @return the client's exception
     */
    public static PostgresException translate(SQLException e, String context) {
        SQLException root = e;
        if (e instanceof SQLTransientConnectionException && e.getSQLState() == null && e.getCause() == null) {
            return new PoolExhaustedException((context == null ? "" : context + ": ") + e.getMessage()
                    + ". Every connection is in use: close query streams and call results promptly, or raise "
                    + "PoolOptions.maxOpenConnections.", e);
        }
        if (e.getSQLState() == null && e.getCause() instanceof SQLException) {
            root = (SQLException) e.getCause();
        }
        String state = root.getSQLState();
        String message = message(root);
        String tls = TlsFailures.describe(e, message);
        if (tls != null) {
            message = tls;
        } else {
            message = withNetworkCause(e, message);
        }
        if (context != null) {
            message = context + ": " + message;
        }
        if (state != null && state.startsWith("28")) {
            return new AuthenticationException(message, state, e);
        }
        if (state != null && (state.startsWith("08") || state.equals("3D000") || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03") || state.equals("53300"))) {
            return new ConnectionException(message, state, e);
        }
        if (state == null && e instanceof SQLTransientConnectionException) {
            return new ConnectionException(message, "08001", e);
        }
        return new DatabaseException(message, state, e);
    }

    /**
     * pgjdbc says only "The connection attempt failed." when the host name does not resolve; the resolver's answer
     * is in the cause.
     */
    private static String withNetworkCause(SQLException e, String message) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.net.UnknownHostException) {
                return message + " The host name is unknown: the resolver found no address for it ("
                        + c.getMessage() + "). Check the host name, or the DNS of this machine.";
            }
        }
        return message;
    }

    private static String message(SQLException e) {
        if (e instanceof PSQLException) {
            ServerErrorMessage sem = ((PSQLException) e).getServerErrorMessage();
            if (sem != null && sem.getMessage() != null) {
                StringBuilder sb = new StringBuilder(sem.getMessage());
                if (sem.getDetail() != null) {
                    sb.append(" (detail: ").append(sem.getDetail()).append(')');
                }
                if (sem.getHint() != null) {
                    sb.append(" (hint: ").append(sem.getHint()).append(')');
                }
                return sb.toString();
            }
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
