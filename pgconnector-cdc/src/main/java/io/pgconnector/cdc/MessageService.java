package io.pgconnector.cdc;

/**
 * Receives the logical decoding messages ({@code pg_logical_emit_message}) of the prefixes it is attached to with
 * {@link CdcListener#attachMessages}. Runs like a {@link CdcService}: on the delivery thread, in commit order with
 * the row changes, a message counting as handled once the callback returned normally, retried per the listener's
 * {@link RetryPolicy} when it throws.
 *
 * <pre>{@code
 * listener.attachMessages((message, src) -> bus.publish(message.prefix(), message.text()), "orders", "invoices");
 * }</pre>
 */
@FunctionalInterface
public interface MessageService {

    /**
     * Called for each message.
     *
     * @param message the message
     * @param src     where it came from: {@link ChangeSource#operation()} is {@link Operation#MESSAGE}, schema and
     *                table are empty, {@link ChangeSource#lsn()} is the message's position and
     *                {@link ChangeSource#txId()} its transaction (null for a non-transactional message)
     */
    void onMessage(LogicalMessage message, ChangeSource src);

    /**
     * Called once when the listener stops because of an error (see {@link CdcService#onError}). Must not throw.
     *
     * @param e the error
     */
    default void onError(CdcException e) {
    }
}
