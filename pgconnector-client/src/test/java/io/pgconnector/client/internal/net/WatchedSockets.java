package io.pgconnector.client.internal.net;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/** What the tests of watched sockets share: finding a session's socket, timing a call. */
final class WatchedSockets {
    private static final String CLIENT_PORT = "SELECT inet_client_port()";

    private WatchedSockets() {
    }

    /** The watched socket whose local port is the session's client port, if the session runs over one. */
    static Optional<WatchedSocket> of(int clientPort) {
        return Watchdog.sockets().stream().filter(s -> s.getLocalPort() == clientPort).findFirst();
    }

    static int clientPort(PostgresClient client) {
        return client.queryRow(Sql.of(CLIENT_PORT), Integer.class);
    }

    static int clientPort(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CLIENT_PORT)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** What a failed call threw and when. */
    record Failure(Throwable error, Duration after) {
    }

    interface Call {
        void run() throws Exception;
    }

    static Failure failure(Call call) {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (Throwable e) {
            return new Failure(e, Duration.ofNanos(System.nanoTime() - start));
        }
        throw new AssertionError("the call did not fail");
    }
}
