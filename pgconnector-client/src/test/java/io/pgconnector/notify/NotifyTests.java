package io.pgconnector.notify;

import io.pgconnector.client.PostgresClient;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared steps of the notification tests: bounded waits, never guessed sleeps. */
final class NotifyTests {
    private NotifyTests() {
    }

    static NotificationListener listener(PostgresClient.Builder connection) {
        return NotificationListener.builder(connection).build();
    }

    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T n = q.poll(10, TimeUnit.SECONDS);
        assertThat(n).as("the next notification within 10 s").isNotNull();
        return n;
    }

    /** Checks the condition every 5 ms until it holds, failing after the limit. */
    static void await(Duration limit, String what, BooleanSupplier condition) {
        io.pgconnector.client.TestClients.await(limit, what, condition);
    }
}
