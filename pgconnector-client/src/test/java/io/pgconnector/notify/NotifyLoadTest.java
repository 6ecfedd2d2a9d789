package io.pgconnector.notify;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
@Timeout(120)
class NotifyLoadTest {
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 2_500;
    private static final List<String> CHANNELS = List.of("load_a", "load_b", "load_c");

    @Test
    void tenThousandNotificationsFromFourSendersArriveExactlyOnceInCommitOrderPerSender(PostgresDatabase db)
            throws Exception {
        int total = SENDERS * PER_SENDER;
        List<Notification> received = new ArrayList<>(total);
        CountDownLatch all = new CountDownLatch(total);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try (PostgresClient client = TestClients.client(db);
             NotificationListener listener = NotifyTests.listener(TestClients.builder(db))) {
            for (String channel : CHANNELS) {
                // One handler thread: the list needs no lock beyond the happens-before of the latch.
                listener.listen(channel, n -> {
                    received.add(n);
                    all.countDown();
                });
            }
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                sent.add(senders.submit(() -> {
                    // Transactions of 50: PostgreSQL keeps a transaction's notifications in order and delivers
                    // them at its commit, so the order per sender is the order of notify calls.
                    for (int i = 0; i < PER_SENDER; i += 50) {
                        int first = i;
                        client.transaction(tx -> {
                            for (int k = first; k < first + 50; k++) {
                                tx.notify(CHANNELS.get(k % CHANNELS.size()), sender + ":" + k);
                            }
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(100, TimeUnit.SECONDS);
            }
            assertThat(all.await(60, TimeUnit.SECONDS)).as("all %d notifications within 60 s", total).isTrue();
            assertThat(listener.queueDepth()).isZero();
        } finally {
            senders.shutdownNow();
        }
        assertThat(received).hasSize(total);
        Set<String> distinct = new HashSet<>();
        int[] lastSeen = new int[SENDERS];
        java.util.Arrays.fill(lastSeen, -1);
        for (Notification n : received) {
            assertThat(distinct.add(n.payload())).as("delivered once: %s", n.payload()).isTrue();
            String[] parts = n.payload().split(":");
            int sender = Integer.parseInt(parts[0]);
            int seq = Integer.parseInt(parts[1]);
            assertThat(seq).as("sender %d in commit order", sender).isEqualTo(lastSeen[sender] + 1);
            assertThat(n.channel()).isEqualTo(CHANNELS.get(seq % CHANNELS.size()));
            lastSeen[sender] = seq;
        }
        assertThat(lastSeen).containsOnly(PER_SENDER - 1);
    }
}
