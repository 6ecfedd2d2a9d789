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
}
