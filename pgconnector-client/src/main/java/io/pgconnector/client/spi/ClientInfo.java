package io.pgconnector.client.spi;

import java.util.Objects;

/**
 * What identifies a client to an observer: its server, database and pool. It holds no credentials.
 *
 * @param host     the server's host name or address
 * @param port     the server's port
 * @param database the database (the user's name when none was set, as the server does)
 * @param poolName the name of the client's connection pool
 */
public record ClientInfo(String host, int port, String database, String poolName) {

    /**
     * Checks the parts.
     *
     * @param host     the server's host name or address
     * @param port     the server's port
     * @param database the database
     * @param poolName the pool's name
     * @throws NullPointerException if a part is null
     */
    public ClientInfo {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(poolName, "poolName");
    }
}
