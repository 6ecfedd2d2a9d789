package io.pgconnector.client;

import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.PostgresException;

/**
 * A transaction in progress: every verb runs on the transaction's one connection. Handed to a
 * {@link TransactionCallback}; it is valid only while the callback runs. Streams opened on it are closed when the
 * transaction ends.
 */
public interface Transaction extends SqlOperations {

    /**
     * Runs part of the transaction inside a savepoint: when the work throws, only what it did is rolled back (to
     * the savepoint), the transaction stays usable, and the exception reaches the caller; when it returns, the
     * savepoint is released and its changes stay part of the transaction.
     *
     * <pre>{@code
     * client.transaction(tx -> {
     *     tx.execute(Sql.of("INSERT INTO orders(id) VALUES (?)", 1));
     *     try {
     *         tx.savepoint(sp -> sp.execute(Sql.of("INSERT INTO audit(order_id) VALUES (?)", 1)));
     *     } catch (DatabaseException e) {
     *         // the audit row is gone; the order is kept and commits
     *     }
     *     return null;
     * });
     * }</pre>
     *
     * @param work the work, given this same transaction
     * @param <R>  what the work returns
     * @return what the work returned
     * @throws PostgresException the work's exception (checked ones wrapped), after rolling back to the savepoint
     */
    <R> R savepoint(TransactionCallback<R> work);
}
