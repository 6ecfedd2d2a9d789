package io.pgconnector.cdc;

import io.pgconnector.client.Transaction;

/**
 * A service that applies changes to a target PostgreSQL database effectively once: each callback receives a
 * {@link Transaction} on the target client of {@link OffsetStorage#target}, and the listener writes the change's
 * source position into that storage's table in the same transaction, so the applied change and the position commit
 * together. Attach it with {@link CdcListener#attachTransactional}.
 *
 * <p><b>Contract</b>: every streamed change is applied to the target exactly once, across crashes and restarts, as
 * long as the callbacks write to the target only through the given transaction (a write elsewhere, such as an HTTP
 * call or another client, is at least once as usual) and return normally to apply the change. Changes are applied
 * in commit order on one thread; several changes (up to a batch of the engine) share one transaction. When a callback
 * throws, the whole transaction is rolled back and run again from its first change with a fresh transaction, as the
 * listener's {@link RetryPolicy} says; when the attempts are exhausted the listener stops (nothing of that
 * transaction is committed) or, with {@link EventErrorMode#REPORT_AND_CONTINUE}, the failing change is reported to
 * {@link #onError} and the transaction runs again without it. The rows of an initial snapshot are read again from
 * the start if the snapshot was interrupted: make {@link #onRead} an upsert.
 *
 * <pre>{@code
 * listener.attachTransactional(Order.class, new TransactionalCdcService<>() {
 *     public void onCreate(Transaction tx, Order after, ChangeSource src) {
 *         tx.execute(Sql.of("INSERT INTO orders_copy VALUES (?, ?)", after.id(), after.total()));
 *     }
 *     public void onDelete(Transaction tx, Order before, ChangeSource src) {
 *         tx.execute(Sql.of("DELETE FROM orders_copy WHERE id = ?", before.id()));
 *     }
 * }, "public.orders");
 * }</pre>
 *
 * @param <T> the row type
 */
public interface TransactionalCdcService<T> {

    /**
     * Called for each row read by the initial snapshot.
     *
     * @param tx    the target transaction
     * @param after the row
     * @param src   where it came from
     */
    default void onRead(Transaction tx, T after, ChangeSource src) {
    }

    /**
     * Called for each inserted row.
     *
     * @param tx    the target transaction
     * @param after the new row
     * @param src   where it came from
     */
    default void onCreate(Transaction tx, T after, ChangeSource src) {
    }

    /**
     * Called for each updated row (see {@link CdcService#onUpdate} for what the before image holds).
     *
     * @param tx     the target transaction
     * @param before the old row, or null
     * @param after  the new row
     * @param src    where it came from
     */
    default void onUpdate(Transaction tx, T before, T after, ChangeSource src) {
    }

    /**
     * Called for each deleted row (with the default replica identity only its key columns are set).
     *
     * @param tx     the target transaction
     * @param before the deleted row
     * @param src    where it came from
     */
    default void onDelete(Transaction tx, T before, ChangeSource src) {
    }

    /**
     * Called when an attached table is truncated.
     *
     * @param tx  the target transaction
     * @param src the table and position
     */
    default void onTruncate(Transaction tx, ChangeSource src) {
    }

    /**
     * Called once when the listener stops because of an error, or for a change passed over with
     * {@link EventErrorMode#REPORT_AND_CONTINUE}. Must not throw.
     *
     * @param e the error
     */
    default void onError(CdcException e) {
    }
}
