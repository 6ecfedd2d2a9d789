package io.pgconnector.cdc;

/**
 * Receives the changes of the tables it is attached to, as rows of type {@code T} (a record, a class with a
 * no-argument constructor, or {@code Map<String,Object>}), mapped exactly like query results of the client. Every
 * method has an empty default; override the ones you need.
 *
 * <p>Callbacks run on the listener's delivery thread, one at a time, in commit order. A callback that returns
 * normally has handled its change: the change's position may then be committed. A callback that throws is retried
 * per the listener's {@link RetryPolicy}; when the retries are exhausted the listener stops without committing the
 * change, calls {@link #onError} and reports the failure through {@link CdcListener#failure()}. Do not block a
 * callback for long: it holds up every later change.
 *
 * <pre>{@code
 * record Order(long id, String customer, BigDecimal total) {}
 * listener.attach(Order.class, new CdcService<>() {
 *     public void onCreate(Order after, ChangeSource src) { index.put(after.id(), after); }
 *     public void onDelete(Order before, ChangeSource src) { index.remove(before.id()); }
 * }, "public.orders");
 * }</pre>
 *
 * @param <T> the row type
 */
public interface CdcService<T> {

    /**
     * Called for each row read by the initial snapshot.
     *
     * @param after the row
     * @param src   where it came from ({@link ChangeSource#snapshot()} is true)
     */
    default void onRead(T after, ChangeSource src) {
    }

    /**
     * Called for each inserted row.
     *
     * @param after the new row
     * @param src   where it came from
     */
    default void onCreate(T after, ChangeSource src) {
    }

    /**
     * Called for each updated row. The before image is complete only with {@code REPLICA IDENTITY FULL} on the
     * table; with the default identity it is null unless the primary key changed (then it holds the old key
     * columns, other fields null).
     *
     * @param before the old row, or null (see above)
     * @param after  the new row; unchanged TOAST columns are null and listed in
     *               {@link ChangeSource#unavailableColumns()}
     * @param src    where it came from
     */
    default void onUpdate(T before, T after, ChangeSource src) {
    }

    /**
     * Called for each deleted row. With the default replica identity only the primary key columns are set (other
     * fields are null); with {@code REPLICA IDENTITY FULL} the whole old row is.
     *
     * @param before the deleted row
     * @param src    where it came from
     */
    default void onDelete(T before, ChangeSource src) {
    }

    /**
     * Called when an attached table is truncated.
     *
     * @param src the table and position
     */
    default void onTruncate(ChangeSource src) {
    }

    /**
     * Called once when the listener stops because of an error: a callback of this service kept failing, a row could
     * not be mapped to {@code T}, or the engine failed. Called on a listener thread; must not throw.
     *
     * @param e the error
     */
    default void onError(CdcException e) {
    }
}
