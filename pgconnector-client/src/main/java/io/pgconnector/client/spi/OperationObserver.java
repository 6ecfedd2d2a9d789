package io.pgconnector.client.spi;

/**
 * Watches the operations of one client. {@link #start} is called on the calling thread as an operation begins; the
 * returned scope is ended on the same thread when the call returns or throws. It must be fast and must not throw.
 */
@FunctionalInterface
public interface OperationObserver {

    /**
     * Called as an operation begins.
     *
     * @param kind the verb
     * @param sql  the statement text with its {@code ?} placeholders (never the bound values); for a transaction,
     *             null
     * @return the scope to end when the operation is over; never null
     */
    OperationScope start(OperationKind kind, String sql);
}
