package io.pgconnector.client.replicas;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Clients with a replica, and a bounded condition wait, for the replica tests. */
final class ReplicaClients {
    private ReplicaClients() {
    }

    /** Returns a connected client for the primary database with the replica's server as its replica. */
    static PostgresClient client(PostgresDatabase primary, PostgresDatabase replica) {
        return TestClients.builder(primary).replicas(List.of(replica.host() + ":" + replica.port())).build();
    }

    /**
     * Polls {@code attempt} with a short pause until it returns a non-null value (exceptions count as "not yet"),
     * failing with the last exception after {@code timeout}.
     */
    static <T> T await(Duration timeout, Supplier<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = attempt.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("Condition not met within " + timeout);
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }
}
