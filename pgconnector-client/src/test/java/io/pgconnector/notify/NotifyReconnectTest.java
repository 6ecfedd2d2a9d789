package io.pgconnector.notify;

import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static io.pgconnector.notify.NotifyTests.await;
import static io.pgconnector.notify.NotifyTests.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Its own server, since one test restarts it. */
@Timeout(120)
class NotifyReconnectTest {
    static EmbeddedPostgres server;

    @BeforeAll
    static void start() {
        server = EmbeddedPostgres.builder().logicalReplication(false).maxConnections(20).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PostgresClient.Builder settings() {
        return PostgresClient.builder().host(server.host()).port(server.port()).username(server.username())
                .password(server.password()).database("postgres")
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1).build());
    }

    static NotificationListener listener(BlockingQueue<ConnectionGap> gaps) {
        return NotificationListener.builder(settings())
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                .onReconnect(gaps::add)
                .build();
    }

    @Test
    void terminatedBackendIsReplacedRelistenedAndReportedAsAGap() throws Exception {
        BlockingQueue<ConnectionGap> gaps = new LinkedBlockingQueue<>();
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (PostgresClient client = settings().build(); NotificationListener listener = listener(gaps)) {
            listener.listen("events", got::add);
            listener.listen("Other Channel", got::add);
            int oldPid = listener.backendPid().orElseThrow();
            assertThat(client.queryRow(Sql.of("SELECT pg_terminate_backend(?)", oldPid), Boolean.class)).isTrue();

            ConnectionGap gap = next(gaps);
            assertThat(gap.channels()).containsExactlyInAnyOrder("events", "Other Channel");
            assertThat(gap.attempts()).isPositive();
            assertThat(gap.reason()).isNotEmpty();
            assertThat(gap.restoredAt()).isAfterOrEqualTo(gap.lostAt());
            assertThat(listener.isConnected()).isTrue();
            assertThat(listener.backendPid()).isPresent().isNotEqualTo(oldPid);

            client.notify("events", "after terminate");
            client.notify("Other Channel", "also");
            assertThat(next(got).payload()).isEqualTo("after terminate");
            assertThat(next(got).payload()).isEqualTo("also");
        }
    }

    @Test
    void serverRestartIsSurvivedWithRelistenGapAndLaterNotifications() throws Exception {
        BlockingQueue<ConnectionGap> gaps = new LinkedBlockingQueue<>();
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener(gaps)) {
            listener.listen("events", got::add);
            server.stop();
            await(Duration.ofSeconds(30), "the listener notices the shutdown", () -> !listener.isConnected());
            // While disconnected: requests still answer, and a new channel is listened on with the reconnection.
            assertThatThrownBy(listener::serverQueueUsage).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("reconnecting");
            listener.listen("added while down", got::add);
            server.start();

            ConnectionGap gap = gaps.poll(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(gap).as("a gap within 60 s of the restart").isNotNull();
            assertThat(gap.channels()).containsExactlyInAnyOrder("events", "added while down");
            assertThat(gap.attempts()).isGreaterThan(1);
            try (PostgresClient client = settings().build()) {
                client.notify("events", "after restart");
                client.notify("added while down", "new channel");
            }
            assertThat(next(got).payload()).isEqualTo("after restart");
            assertThat(next(got).payload()).isEqualTo("new channel");
            assertThat(listener.serverQueueUsage()).isBetween(0.0, 1.0);
        }
    }
}
