package io.pgconnector.client.internal.net;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the tests of watched sockets share: finding a session's socket, awaiting a condition, timing a call. */
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

    /** Waits (polling every 10 ms) until the condition holds; fails after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(10_000_000L);
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
