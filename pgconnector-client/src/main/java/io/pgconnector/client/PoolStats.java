package io.pgconnector.client;

/**
 * A snapshot of a client's connection pool.
 *
 * @param total   connections open (in use and idle)
 * @param active  connections handed out (held by a running call, an open stream or a transaction)
 * @param idle    connections open and free
 * @param waiting callers waiting for a connection
 */
public record PoolStats(int total, int active, int idle, int waiting) {
}
