package io.pgconnector.client;

import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;

/** Builds clients for a test database with small pools, so that many test classes fit one server. */
public final class TestClients {
    private TestClients() {
    }

    /**
     * Returns a builder for the database with a pool of at most 4 connections.
     *
     * @param db the database
     * @return the builder
     */
    public static PostgresClient.Builder builder(PostgresDatabase db) {
        return PostgresClient.builder()
                .host(db.host())
                .port(db.port())
                .username(db.username())
                .password(db.password())
                .database(db.database())
                .pool(PoolOptions.builder().maxOpenConnections(4).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(10)).build());
    }

    /**
     * Returns a connected client for the database.
     *
     * @param db the database
     * @return the client
     */
    public static PostgresClient client(PostgresDatabase db) {
        return builder(db).build();
    }

    /**
     * Checks the condition every 5 ms until it holds: a bounded wait, never a guessed sleep.
     *
     * @param limit     how long to wait at most
     * @param what      what is awaited, for the failure message
     * @param condition the condition
     * @throws AssertionError if it does not hold within the limit
     */
    public static void await(Duration limit, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + limit + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
