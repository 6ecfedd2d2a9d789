package io.pgconnector.client;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.TypeMismatchException;

import java.util.Map;
import java.util.stream.Stream;

/**
 * The outcome of a {@link SqlOperations#call(Sql) call}: the execution result, the query results (result sets) in
 * the order the call produced them, and (through the {@link OutParameter}s and {@link InOutParameter}s of the
 * {@code Sql}) the OUT values.
 *
 * <h2>Query results</h2>
 * The results are, in order: the cursors of {@code refcursor} OUT/INOUT values, then each result set of the
 * statement. A result set whose columns are all {@code refcursor} (a function returning {@code SETOF refcursor}) is
 * replaced by the rows of each of its cursors, in order. One result is <em>current</em>: {@link #queryResult(Class)}
 * streams its rows; {@link #nextQueryResult()} moves to the next one and closes the previous one.
 *
 * <pre>{@code
 * // CREATE FUNCTION customer_report(id bigint) RETURNS SETOF refcursor ... (opens a cursor of customers, then orders)
 * try (ProcedureCallResult r = client.call(Sql.of("SELECT * FROM customer_report(?)", 42L))) {
 *     Customer c = r.queryResult(Customer.class).findFirst().orElseThrow();
 *     r.nextQueryResult();
 *     List<Order> orders = r.queryResult(Order.class).toList();
 * }
 * }</pre>
 *
 * <h2>Connection and transaction</h2>
 * Outside a transaction, a call runs on its own pooled connection in its own transaction, so that cursors stay open
 * while the results are read; {@link #close()} commits that transaction (or rolls it back if the server reported an
 * error) and returns the connection to the pool. A procedure that itself commits ({@code COMMIT} inside a
 * procedure) is run in autocommit mode instead; its results cannot include cursors. Inside a {@link Transaction}, the
 * call runs on the transaction's connection and {@code close()} only frees the statement; the transaction commits or
 * rolls back as a whole.
 *
 * <p><b>Always close a call result</b>, with try-with-resources. Until it is closed it holds a pooled connection. A
 * result that is never closed is reported: the pool's leak detection ({@code PoolOptions.leakDetectionThreshold})
 * logs the stack that borrowed the connection, and when the result is garbage-collected unclosed a warning is logged
 * and its connection is rolled back and returned to the pool.
 *
 * <p>A call result is not thread-safe; read it from one thread.
 */
public interface ProcedureCallResult extends AutoCloseable {

    /**
     * Returns the execution result of the call: the number of rows affected as the server reports it (0 for a
     * {@code CALL} or a {@code SELECT}). {@code lastInsertId} is always {@code null}.
     *
     * @return the execution result
     */
    ExecutionResult executionResult();

    /**
     * Tells whether there is a current query result: {@code false} when the call returned no result set, or once
     * {@link #nextQueryResult()} has moved past the last one.
     *
     * @return {@code true} if {@link #queryResult(Class)} has a result to read
     */
    boolean hasQueryResult();

    /**
     * Streams the rows of the current query result, mapped to {@code type} as by {@link SqlOperations#query(Sql,
     * Class)}. Rows are read once: a second stream on the same result continues where the first stopped. Rows are
     * fetched in batches of the configured fetch size. When there is no current query result the stream is empty.
     * Closing the stream is optional; the rows are freed by {@link #nextQueryResult()} or {@link #close()}.
     *
     * @param type the row type: a record, a class, a scalar or {@code Map}
     * @param <T>  the row type
     * @return the rows
     * @throws FieldMismatchException if a record component has no matching column
     * @throws TypeMismatchException  if a column cannot be read into its component
     * @throws DatabaseException      if the server fails while the rows are read (for example a closed cursor)
     * @throws ClientClosedException  if this result is closed
     */
    <T> Stream<T> queryResult(Class<T> type);

    /**
     * Streams the rows of the current query result as maps from column label to value.
     *
     * @return the rows
     * @throws DatabaseException     if the server fails while the rows are read
     * @throws ClientClosedException if this result is closed
     */
    Stream<Map<String, Object>> queryResult();

    /**
     * Moves to the next query result, closing the current one.
     *
     * @return {@code true} if there is a next query result, {@code false} if there are no more
     * @throws DatabaseException     if the server fails while producing the next result
     * @throws ClientClosedException if this result is closed
     */
    boolean nextQueryResult();

    /**
     * Closes the result: frees its statements and cursors, and outside a transaction commits the call's transaction
     * (rolls it back after a server error) and returns its connection to the pool. Closing twice does nothing.
     *
     * @throws DatabaseException if the commit fails
     */
    @Override
    void close();
}
