package io.pgconnector.client.spi;

import javax.sql.DataSource;

/**
 * Watches clients: told once when a client has opened its pool, it returns the observer of that client's
 * operations. Implementations are thread-safe; one observer may serve many clients.
 */
@FunctionalInterface
public interface ClientObserver {

    /**
     * Called once, when a client built with this observer has opened its pool and before it runs anything.
     *
     * @param client what identifies the client (no credentials)
     * @param pool   the client's connection pool (a HikariCP {@code HikariDataSource}), for pool metrics
     * @return the observer of the client's operations; never null
     */
    OperationObserver clientOpened(ClientInfo client, DataSource pool);
}
