package io.pgconnector.client;

import io.pgconnector.errors.PostgresException;

/**
 * The work of a transaction; see {@link PostgresClient#transaction(TransactionCallback)}.
 *
 * @param <R> what the work returns
 */
@FunctionalInterface
public interface TransactionCallback<R> {
    /**
     * Runs the work on the transaction's connection. Returning commits; throwing rolls back.
     *
     * @param tx the transaction
     * @return the result handed back to the caller of {@code transaction}
     * @throws Exception anything; it rolls the transaction back and reaches the caller (checked exceptions wrapped
     *                   in a {@link PostgresException})
     */
    R run(Transaction tx) throws Exception;
}
