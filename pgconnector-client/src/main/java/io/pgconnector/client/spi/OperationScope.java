package io.pgconnector.client.spi;

/** One running operation, as seen by an {@link OperationObserver}. */
@FunctionalInterface
public interface OperationScope {

    /**
     * Called once when the operation returned or threw.
     *
     * @param rows    rows affected or returned when known (a batch: its number of statements; {@code queryRow}: 1;
     *                {@code queryOptional}: 0 or 1; {@code queryList}: its size; {@code execute}: the affected row
     *                count), else -1
     * @param failure what the operation threw, or null when it succeeded; a {@code PostgresException} carries the
     *                SQLSTATE
     */
    void end(long rows, Throwable failure);
}
