package io.pgconnector.client.internal.net;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.client.internal.Pools;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.PostgresException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socketTimeout} kept by the watchdog: a read that overruns it fails as it did with the kernel's
 * {@code SO_TIMEOUT}, at the same time, and the pool goes on; sockets leave the watch when they close; pgjdbc's
 * notification waits, which take a timeout as "nothing yet", still get the kernel's.
 */
@WithPostgres
@Timeout(60)
class WatchedSocketTest {
    private static final Sql SLEEP = Sql.of("SELECT pg_sleep(5)");

    static PostgresClient.Builder oneSecond(PostgresDatabase db, ClientOptions.Builder options) {
        return TestClients.builder(db)
                .options(options.socketTimeout(Duration.ofSeconds(1)).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(10)).build());
    }

    static PostgresClient.Builder kernelTimeout(PostgresDatabase db, ClientOptions.Builder options) {
        return oneSecond(db, options.driverProperty("socketFactory", KernelTimeoutSocketFactory.class.getName()));
    }

    /** Checks that a call timed out by the watchdog failed exactly as the same call timed out by the kernel. */
    static void assertSameTimeout(WatchedSockets.Failure watched, WatchedSockets.Failure kernel) {
        assertThat(watched.error()).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.isConnectionError()).isTrue();
            assertThat(e.sqlState()).isEqualTo("08006");
        });
        assertThat(watched.error()).hasRootCauseInstanceOf(SocketTimeoutException.class)
                .hasRootCauseMessage("Read timed out");
        assertThat(watched.error().getClass()).isEqualTo(kernel.error().getClass());
        assertThat(watched.error().getMessage()).isEqualTo(kernel.error().getMessage());
        assertThat(((PostgresException) watched.error()).sqlState())
                .isEqualTo(((PostgresException) kernel.error()).sqlState());
        assertThat(causes(watched.error())).isEqualTo(causes(kernel.error()));
        for (WatchedSockets.Failure f : List.of(watched, kernel)) {
            assertThat(f.after()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofMillis(4500));
        }
    }

    private static List<String> causes(Throwable e) {
        List<String> chain = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            chain.add(t.getClass().getName() + ": " + t.getMessage());
        }
        return chain;
    }

    @Test
    void aReadPastTheSocketTimeoutFailsAsWithTheKernelsAndThePoolGoesOn(PostgresDatabase db) throws Exception {
        try (PostgresClient watched = oneSecond(db, ClientOptions.builder()).build();
             PostgresClient kernel = kernelTimeout(db, ClientOptions.builder()).build()) {
            WatchedSocket socket = WatchedSockets.of(WatchedSockets.clientPort(watched)).orElseThrow();
            assertThat(socket.getSoTimeout()).isEqualTo(1000);
            assertThat(socket.kernelSoTimeout()).isZero();
            assertThat(WatchedSockets.of(WatchedSockets.clientPort(kernel))).isEmpty();

            WatchedSockets.Failure byWatchdog = WatchedSockets.failure(() -> watched.queryRow(SLEEP, Object.class));
            WatchedSockets.Failure byKernel = WatchedSockets.failure(() -> kernel.queryRow(SLEEP, Object.class));
            assertSameTimeout(byWatchdog, byKernel);

            assertThat(watched.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
            assertThat(WatchedSockets.of(WatchedSockets.clientPort(watched))).isPresent();
            assertThat(watched.queryRow(Sql.of("SELECT true FROM pg_sleep(0.3)"), Boolean.class)).isTrue();
        }
    }

    @Test
    void socketsLeaveTheWatchWhenTheyClose(PostgresDatabase db) throws SQLException {
        List<WatchedSocket> sockets = new ArrayList<>();
        PostgresClient client = oneSecond(db, ClientOptions.builder()).build();
        try (Connection a = client.dataSource().getConnection(); Connection b = client.dataSource().getConnection()) {
            sockets.add(WatchedSockets.of(WatchedSockets.clientPort(a)).orElseThrow());
            sockets.add(WatchedSockets.of(WatchedSockets.clientPort(b)).orElseThrow());
        }
        assertThat(sockets.get(0)).isNotSameAs(sockets.get(1));
        client.close();
        TestClients.await(Duration.ofSeconds(20), "the pool's sockets closed and out of the watch",
                () -> sockets.stream().allMatch(s -> s.isClosed() && !Watchdog.sockets().contains(s)));
    }

    @Test
    void dataSourceConnectionsKeepTheBound(PostgresDatabase db) throws SQLException {
        try (PostgresClient client = oneSecond(db, ClientOptions.builder()).build()) {
            try (Connection c = client.dataSource().getConnection()) {
                assertThat(WatchedSockets.of(WatchedSockets.clientPort(c))).isPresent();
                WatchedSockets.Failure f = WatchedSockets.failure(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(5)");
                    }
                });
                assertThat(f.error()).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("08006"));
                assertThat(f.error()).hasRootCauseInstanceOf(SocketTimeoutException.class);
                assertThat(f.after()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofMillis(4500));
                assertThat(c.isClosed()).isTrue();
            }
            try (Connection c = client.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(s.execute("SELECT 1")).isTrue();
            }
        }
    }

    @Test
    void notificationWaitsOfASecondOrMoreKeepTheConnection(PostgresDatabase db) throws Exception {
        try (PostgresClient client = oneSecond(db, ClientOptions.builder()).build();
             Connection listener = client.dataSource().getConnection();
             Connection sender = client.dataSource().getConnection()) {
            WatchedSocket socket = WatchedSockets.of(WatchedSockets.clientPort(listener)).orElseThrow();
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN watched");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            // A quiet wait of 1.5 s is "no notification", not a timed out connection.
            long start = System.nanoTime();
            assertThat(pg.getNotifications(1500)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            assertThat(listener.isClosed()).isFalse();
            // pgjdbc restores the socket timeout inside the wait, so the kernel keeps it from now on, as before.
            assertThat(socket.getSoTimeout()).isEqualTo(1000);
            // A short wait, as the client's own listener does, wakes on time too.
            start = System.nanoTime();
            assertThat(pg.getNotifications(100)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            try (Statement s = sender.createStatement()) {
                s.execute("NOTIFY watched, 'hello'");
            }
            start = System.nanoTime();
            PGNotification[] got = pg.getNotifications(5000);
            assertThat(got).extracting(PGNotification::getParameter).containsExactly("hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
            // The bound is still kept: a query past the socket timeout fails in time.
            WatchedSockets.Failure f = WatchedSockets.failure(() -> {
                try (Statement s = listener.createStatement()) {
                    s.execute("SELECT pg_sleep(5)");
                }
            });
            assertThat(f.error()).hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(f.after()).isLessThan(Duration.ofMillis(4500));
        }
    }

    @Test
    void withoutASocketTimeoutTheLoginIsWatchedAndReadsWaitWithoutLimit(PostgresDatabase db) throws Exception {
        try (PostgresClient client = TestClients.builder(db)
                .options(ClientOptions.builder().socketTimeout(Duration.ZERO).build()).build()) {
            WatchedSocket socket = WatchedSockets.of(WatchedSockets.clientPort(client)).orElseThrow();
            assertThat(socket.getSoTimeout()).isZero();
            assertThat(socket.kernelSoTimeout()).isZero();
            assertThat(client.queryRow(Sql.of("SELECT true FROM pg_sleep(1.2)"), Boolean.class)).isTrue();
        }
    }

    @Test
    void theFactoryIsNamedUnlessTheUserNamesTheirOwn() {
        String name = WatchedSocketFactory.class.getName();
        assertThat(Pools.driverProperties(ClientOptions.builder().build()).getProperty("socketFactory"))
                .isEqualTo(name);
        assertThat(Pools.driverProperties(ClientOptions.builder().socketTimeout(Duration.ZERO).build())
                .getProperty("socketFactory")).isEqualTo(name);
        assertThat(Pools.driverProperties(ClientOptions.builder()
                .driverProperty("socketFactory", KernelTimeoutSocketFactory.class.getName()).build())
                .getProperty("socketFactory")).isEqualTo(KernelTimeoutSocketFactory.class.getName());
    }
}
