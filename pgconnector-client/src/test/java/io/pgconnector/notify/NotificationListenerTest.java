package io.pgconnector.notify;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.pgconnector.notify.NotifyTests.await;
import static io.pgconnector.notify.NotifyTests.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class NotificationListenerTest {
    static PostgresDatabase db;
    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase database) {
        db = database;
        client = TestClients.client(db);
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    static NotificationListener listener() {
        return NotifyTests.listener(TestClients.builder(db));
    }

    @Test
    void deliversChannelSenderPidAndPayload() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener()) {
            listener.listen("orders", got::add);
            assertThat(listener.channels()).containsExactly("orders");
            int senderPid = client.transaction(tx -> {
                tx.notify("orders", "order 7 shipped");
                return tx.queryRow(Sql.of("SELECT pg_backend_pid()"), Integer.class);
            });
            Notification n = next(got);
            assertThat(n.channel()).isEqualTo("orders");
            assertThat(n.payload()).isEqualTo("order 7 shipped");
            assertThat(n.senderPid()).isEqualTo(senderPid);
            assertThat(n.toString()).doesNotContain("shipped");
            assertThat(listener.backendPid()).isPresent().isNotEqualTo(senderPid);
        }
    }

    @Test
    void rolledBackNotifyNeverArrives() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener()) {
            listener.listen("jobs", got::add);
            assertThatThrownBy(() -> client.transaction(tx -> {
                tx.notify("jobs", "rolled back");
                throw new IllegalStateException("abort");
            })).hasMessage("abort");
            client.notify("jobs", "committed");
            // Commit order: had the rolled-back one been delivered, it would come first.
            assertThat(next(got).payload()).isEqualTo("committed");
            assertThat(got).isEmpty();
        }
    }

    @Test
    void payloadOfEightThousandBytesIsRejectedBeforeAnythingIsSent() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener()) {
            listener.listen("big", got::add);
            String largest = "x".repeat(7999);
            client.notify("big", largest);
            assertThat(next(got).payload()).isEqualTo(largest);
            assertThatThrownBy(() -> client.notify("big", "x".repeat(8000)))
                    .isInstanceOf(InvalidStatementException.class).hasMessageContaining("8000 bytes");
            // 2,667 characters but 8,001 bytes in UTF-8.
            assertThatThrownBy(() -> client.notify("big", "€".repeat(2667)))
                    .isInstanceOf(InvalidStatementException.class).hasMessageContaining("8001 bytes");
            // Nothing reached the server: the transaction is not aborted and goes on to commit.
            client.transaction(tx -> {
                assertThatThrownBy(() -> tx.notify("big", "y".repeat(9000)))
                        .isInstanceOf(InvalidStatementException.class);
                tx.notify("big", "after");
                return null;
            });
            assertThat(next(got).payload()).isEqualTo("after");
        }
    }

    @Test
    void hostileChannelNamesAreTakenLiterallyAndCannotInjectSql() throws Exception {
        client.execute(Sql.of("CREATE TABLE IF NOT EXISTS victims (id int)"));
        List<String> names = List.of("with space", "quote\"inside", "x'y", "\"; DROP TABLE victims; --",
                "Ünïcødé 通知 🚀", "MixedCase", "UNLISTEN *", "a\\b");
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener()) {
            for (String name : names) {
                listener.listen(name, got::add);
            }
            assertThat(listener.channels()).containsExactlyInAnyOrderElementsOf(names);
            client.notify("mixedcase", "folded name must not match");
            for (String name : names) {
                client.notify(name, "to " + name);
            }
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Notification n = next(got);
                assertThat(n.payload()).isEqualTo("to " + n.channel());
                channels.add(n.channel());
            }
            assertThat(channels).containsExactlyElementsOf(names);
            listener.unlisten("\"; DROP TABLE victims; --");
            assertThat(listener.channels()).hasSize(names.size() - 1);
        }
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM victims"), Long.class)).isZero();
    }

    @Test
    void channelsAreAddedAndRemovedWhileRunning() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener()) {
            listener.listen("a", got::add);
            client.notify("a", "1");
            assertThat(next(got).payload()).isEqualTo("1");
            listener.listen("b", got::add);
            listener.unlisten("a");
            listener.unlisten("not-listened");
            client.notify("a", "after unlisten");
            client.notify("b", "2");
            Notification n = next(got);
            assertThat(n.channel()).isEqualTo("b");
            assertThat(got).isEmpty();
            listener.listen("a", got::add);
            client.notify("a", "3");
            assertThat(next(got).payload()).isEqualTo("3");
        }
    }

    @Test
    void fullQueuePausesReadingAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = NotificationListener.builder(TestClients.builder(db))
                .queueCapacity(2).build()) {
            listener.listen("slow", n -> {
                release.await();
                got.add(n.payload());
            });
            client.transaction(tx -> {
                for (int i = 0; i < 50; i++) {
                    tx.notify("slow", Integer.toString(i));
                }
                return null;
            });
            await(Duration.ofSeconds(10), "the queue fills", () -> listener.queueDepth() == 2);
            assertThat(listener.queueDepth()).isEqualTo(2);
            assertThat(listener.queueCapacity()).isEqualTo(2);
            // The reader still serves requests while it waits for room.
            assertThat(listener.serverQueueUsage()).isBetween(0.0, 1.0);
            listener.listen("other", n -> { });
            release.countDown();
            for (int i = 0; i < 50; i++) {
                assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Test
    void handlerFailureDoesNotStopDelivery() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = listener()) {
            listener.listen("flaky", n -> {
                if (n.payload().equals("boom")) {
                    throw new IllegalStateException("handler failed");
                }
                got.add(n);
            });
            client.notify("flaky", "boom");
            client.notify("flaky", "fine");
            assertThat(next(got).payload()).isEqualTo("fine");
        }
    }

    @Test
    void badInputIsAClearError() {
        NotificationListener listener = listener();
        assertThatThrownBy(() -> listener.listen(null, n -> { })).isInstanceOf(InvalidStatementException.class)
                .hasMessageContaining("null or empty");
        assertThatThrownBy(() -> listener.listen("", n -> { })).isInstanceOf(InvalidStatementException.class);
        assertThatThrownBy(() -> listener.listen("x".repeat(64), n -> { }))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("at most 63");
        assertThatThrownBy(() -> listener.listen("ok", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.notify(null, "x")).isInstanceOf(InvalidStatementException.class);
        assertThatThrownBy(() -> client.notify("", "x")).isInstanceOf(InvalidStatementException.class);
        assertThatThrownBy(() -> client.notify("c", "nul\0")).isInstanceOf(InvalidStatementException.class);
        listener.listen("twice", n -> { });
        assertThatThrownBy(() -> listener.listen("twice", n -> { })).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("already listens on channel 'twice'");
        assertThat(listener.channels()).containsExactly("twice");
        listener.close();
        listener.close();
        assertThat(listener.isConnected()).isFalse();
        assertThat(listener.backendPid()).isEmpty();
        assertThatThrownBy(() -> listener.listen("late", n -> { })).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> listener.unlisten("twice")).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(listener::serverQueueUsage).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> NotificationListener.builder(TestClients.builder(db)).queueCapacity(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("queueCapacity");
    }
}
