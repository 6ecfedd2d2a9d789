package io.pgconnector.client;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.CopyException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.NoRowsException;
import io.pgconnector.errors.TooManyRowsException;
import io.pgconnector.errors.TypeMismatchException;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The SQL verbs shared by a {@link PostgresClient} (each call borrows a pooled connection) and a
 * {@link Transaction} (every call runs on the transaction's connection).
 *
 * <h2>Mapping rows</h2>
 * A row maps to the requested type this way:
 * <ul>
 *   <li>a <b>record</b>: through its canonical constructor; each component takes the column whose name matches
 *   ignoring case and underscores ({@code created_at} fills {@code createdAt}), or the column named by
 *   {@link io.pgconnector.mapping.Column @Column}. A component with no column is a {@link FieldMismatchException};
 *   extra columns are ignored.</li>
 *   <li>a <b>class</b> with a no-argument constructor: each column fills the setter or field of the same name; a
 *   column with nowhere to go is a {@link FieldMismatchException}.</li>
 *   <li>a <b>scalar</b> ({@code Long}, {@code String}, {@code BigDecimal}, {@code UUID}, {@code OffsetDateTime}, an
 *   enum, a value type such as {@code Point}, an array or {@code List}): the single column of the row; more than one
 *   column is a {@link TypeMismatchException}.</li>
 *   <li>{@code Map<String, Object>}: every column by its label, each value in its natural Java type (see the type
 *   table in the docs).</li>
 * </ul>
 * A column whose SQL type cannot be read into the component's Java type is a {@link TypeMismatchException} naming
 * the column, the SQL type and the Java type. SQL NULL reads as {@code null}; into a primitive it is a
 * {@link TypeMismatchException}.
 *
 * <p>Every reading verb also takes a lambda over a {@link Row} instead of a class, for rows that do not map one to
 * one onto a type: {@code row -> new Total(row.get("customer", String.class), row.get("sum", BigDecimal.class))}.
 * Its columns are read by the same rules as record components.
 */
public interface SqlOperations {

    /** The number of rows {@link #queryList(Sql, Class)} returns at most unless told otherwise: {@value}. */
    int LIST_LIMIT = 10_000;

    /**
     * Runs a query and returns its rows as a lazy stream of {@code type}. The statement is executed by this call, so
     * an SQL error is thrown here, not while iterating. Rows are fetched from the server in batches of the configured
     * fetch size, so a large result streams in constant memory.
     *
     * <p>The stream holds a pooled connection until it is fully consumed or closed. Close it with
     * try-with-resources when you may stop early:
     * <pre>{@code
     * try (Stream<Order> orders = client.query(Sql.of("SELECT * FROM orders WHERE total > ?", min), Order.class)) {
     *     orders.limit(10).forEach(System.out::println);
     * }
     * }</pre>
     *
     * @param sql  the query
     * @param type the row type: a record, a class, a scalar or {@code Map}
     * @param <T>  the row type
     * @return the rows
     * @throws DatabaseException      if the server rejects the query
     * @throws FieldMismatchException if a record component has no matching column
     * @throws TypeMismatchException  if a column cannot be read into its component
     * @throws ClientClosedException  if the client was closed
     * @throws InvalidStatementException if {@code sql} or {@code type} is null (SQLSTATE 22004)
     */
    <T> Stream<T> query(Sql sql, Class<T> type);

    /**
     * Runs a query and returns its rows, each made by {@code mapper} from a {@link Row}, as a lazy stream. Streaming
     * and closing are as for {@link #query(Sql, Class)}.
     *
     * <pre>{@code
     * try (Stream<String> labels = client.query(Sql.of("SELECT id, customer FROM orders"),
     *         row -> row.get("id", Long.class) + ": " + row.get("customer", String.class))) {
     *     labels.forEach(System.out::println);
     * }
     * }</pre>
     *
     * @param sql    the query
     * @param mapper makes one value from each row; the row is valid only during the call
     * @param <T>    the row type
     * @return the rows
     * @throws DatabaseException     if the server rejects the query
     * @throws ClientClosedException if the client was closed
     * @throws InvalidStatementException if {@code sql} or {@code mapper} is null (SQLSTATE 22004)
     */
    <T> Stream<T> query(Sql sql, Function<? super Row, ? extends T> mapper);

    /**
     * Runs a query and returns its rows as maps from column label to value, each in its natural Java type. See
     * {@link #query(Sql, Class)} for streaming and closing.
     *
     * @param sql the query
     * @return the rows
     * @throws DatabaseException     if the server rejects the query
     * @throws ClientClosedException if the client was closed
     * @throws InvalidStatementException if {@code sql} is null (SQLSTATE 22004)
     */
    Stream<Map<String, Object>> query(Sql sql);

    /**
     * Runs a query and returns its first row.
     *
     * <pre>{@code
     * long count = client.queryRow(Sql.of("SELECT count(*) FROM orders"), Long.class);
     * Order order = client.queryRow(Sql.of("SELECT * FROM orders WHERE id = ?", id), Order.class);
     * }</pre>
     *
     * @param sql  the query
     * @param type the row type: a record, a class, a scalar or {@code Map}
     * @param <T>  the row type
     * @return the first row; {@code null} only when a scalar column is SQL NULL
     * @throws NoRowsException       if the query returned no row
     * @throws TypeMismatchException if {@code type} is a scalar and the query returned several columns
     * @throws DatabaseException     if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code type} is null (SQLSTATE 22004)
     */
    <T> T queryRow(Sql sql, Class<T> type);

    /**
     * Runs a query and returns its first row, made by {@code mapper}.
     *
     * @param sql    the query
     * @param mapper makes the value from the row
     * @param <T>    the row type
     * @return the value made from the first row
     * @throws NoRowsException   if the query returned no row
     * @throws DatabaseException if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code mapper} is null (SQLSTATE 22004)
     */
    <T> T queryRow(Sql sql, Function<? super Row, ? extends T> mapper);

    /**
     * Runs a query and returns its first row, or an empty {@code Optional} when there is none: the lookup that may
     * find nothing.
     *
     * <pre>{@code
     * Optional<Order> order = client.queryOptional(Sql.of("SELECT * FROM orders WHERE id = ?", id), Order.class);
     * String name = client.queryOptional(Sql.of("SELECT name FROM users WHERE id = ?", id), String.class)
     *         .orElse("anonymous");
     * }</pre>
     *
     * @param sql  the query
     * @param type the row type: a record, a class, a scalar or {@code Map}
     * @param <T>  the row type
     * @return the first row; empty when there is no row, and also when a scalar's only column is SQL NULL
     * @throws TypeMismatchException if {@code type} is a scalar and the query returned several columns
     * @throws DatabaseException     if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code type} is null (SQLSTATE 22004)
     */
    <T> Optional<T> queryOptional(Sql sql, Class<T> type);

    /**
     * Runs a query and returns its first row made by {@code mapper}, or an empty {@code Optional} when there is none.
     *
     * @param sql    the query
     * @param mapper makes the value from the row; a {@code null} result is an empty {@code Optional}
     * @param <T>    the row type
     * @return the value made from the first row, or empty
     * @throws DatabaseException if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code mapper} is null (SQLSTATE 22004)
     */
    <T> Optional<T> queryOptional(Sql sql, Function<? super Row, ? extends T> mapper);

    /**
     * Runs a query and returns all its rows as a list: for small results, with no stream to close. At most
     * {@link #LIST_LIMIT} rows; a larger result is a {@link TooManyRowsException} rather than an unbounded list (use
     * {@link #query(Sql, Class)} to stream it, or {@link #queryList(Sql, Class, int)} with your own limit).
     *
     * <pre>{@code
     * List<Order> open = client.queryList(Sql.of("SELECT * FROM orders WHERE status = ?", "open"), Order.class);
     * }</pre>
     *
     * @param sql  the query
     * @param type the row type: a record, a class, a scalar or {@code Map}
     * @param <T>  the row type
     * @return the rows, unmodifiable (a scalar list may hold {@code null})
     * @throws TooManyRowsException if the query returned more than {@link #LIST_LIMIT} rows
     * @throws DatabaseException    if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code type} is null (SQLSTATE 22004)
     * @throws InvalidStatementException if {@code sql} or {@code type} is null (SQLSTATE 22004)
     */
    default <T> List<T> queryList(Sql sql, Class<T> type) {
        return queryList(sql, type, LIST_LIMIT);
    }

    /**
     * Runs a query and returns all its rows as a list, refusing more than {@code maxRows}. The server is asked for
     * one row more than the limit, never for the whole of a larger result.
     *
     * @param sql     the query
     * @param type    the row type: a record, a class, a scalar or {@code Map}
     * @param maxRows the most rows the list may hold, at least 1
     * @param <T>     the row type
     * @return the rows, unmodifiable
     * @throws TooManyRowsException     if the query returned more than {@code maxRows} rows
     * @throws IllegalArgumentException if {@code maxRows} is below 1
     * @throws DatabaseException        if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code type} is null (SQLSTATE 22004)
     */
    <T> List<T> queryList(Sql sql, Class<T> type, int maxRows);

    /**
     * Runs a query and returns all its rows, each made by {@code mapper}, as a list of at most {@link #LIST_LIMIT}.
     *
     * @param sql    the query
     * @param mapper makes one value from each row
     * @param <T>    the row type
     * @return the values, unmodifiable
     * @throws TooManyRowsException if the query returned more than {@link #LIST_LIMIT} rows
     * @throws DatabaseException    if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code mapper} is null (SQLSTATE 22004)
     * @throws InvalidStatementException if {@code sql} or {@code mapper} is null (SQLSTATE 22004)
     */
    default <T> List<T> queryList(Sql sql, Function<? super Row, ? extends T> mapper) {
        return queryList(sql, mapper, LIST_LIMIT);
    }

    /**
     * Runs a query and returns all its rows, each made by {@code mapper}, refusing more than {@code maxRows}.
     *
     * @param sql     the query
     * @param mapper  makes one value from each row
     * @param maxRows the most rows the list may hold, at least 1
     * @param <T>     the row type
     * @return the values, unmodifiable
     * @throws TooManyRowsException     if the query returned more than {@code maxRows} rows
     * @throws IllegalArgumentException if {@code maxRows} is below 1
     * @throws DatabaseException        if the server rejects the query
     * @throws InvalidStatementException if {@code sql} or {@code mapper} is null (SQLSTATE 22004)
     */
    <T> List<T> queryList(Sql sql, Function<? super Row, ? extends T> mapper, int maxRows);

    /**
     * Runs a query and returns its first row as a map from column label to value.
     *
     * @param sql the query
     * @return the first row
     * @throws NoRowsException   if the query returned no row
     * @throws DatabaseException if the server rejects the query
     * @throws InvalidStatementException if {@code sql} is null (SQLSTATE 22004)
     */
    Map<String, Object> queryRow(Sql sql);

    /**
     * Runs a statement that returns no rows: {@code INSERT}, {@code UPDATE}, {@code DELETE}, DDL.
     *
     * <pre>{@code
     * ExecutionResult r = client.execute(Sql.of("INSERT INTO orders(total) VALUES (?)", total));
     * long id = r.lastInsertIdAsLong().orElseThrow();
     * }</pre>
     *
     * @param sql the statement
     * @return the number of rows affected and, for an insert into a table with a generated key, that key
     * @throws DatabaseException if the server rejects the statement
     * @throws InvalidStatementException if {@code sql} is null (SQLSTATE 22004)
     */
    ExecutionResult execute(Sql sql);

    /**
     * Runs one statement many times with different values, sent in chunks so that the whole batch takes few round
     * trips. All statements must have the same text. The batch runs in one transaction: either every statement takes
     * effect or, on the first failure, none does.
     *
     * <pre>{@code
     * Sql insert = Sql.of("INSERT INTO items(name, price) VALUES (?, ?)", null, null);
     * client.batchExecute(items.stream().map(i -> insert.withValues(i.name(), i.price())).toList());
     * }</pre>
     *
     * @param statements the statements, all with the same text
     * @return one result per statement, in order ({@code lastInsertId} is not reported for batches)
     * @throws InvalidStatementException if the list is empty or mixes statement texts
     * @throws BatchExecuteException     if a statement failed; it tells which statements ran and which failed
     * @throws InvalidStatementException if {@code statements} or one of its elements is null (SQLSTATE 22004)
     */
    List<ExecutionResult> batchExecute(List<Sql> statements);

    /**
     * Runs one statement once per row of values, reading the rows as they are sent: a bulk load of millions of rows
     * needs no list of {@code Sql} objects, and a plain {@code INSERT ... VALUES (?, ...)} goes to the server as one
     * {@code COPY} while the rows are still being produced. Otherwise the same as {@link #batchExecute(List)}: atomic,
     * one result per row, {@link BatchExecuteException} naming the failed row.
     *
     * <pre>{@code
     * client.batchExecute("INSERT INTO readings(sensor, at, value) VALUES (?, ?, ?)",
     *         readings.stream().map(r -> List.of(r.sensor(), r.at(), r.value())));
     * }</pre>
     *
     * @param sql  the statement text with {@code ?} placeholders
     * @param rows the values of each execution, one list per row, in placeholder order (a list may hold nulls);
     *             consumed by the call
     * @return one result per row, in order
     * @throws InvalidStatementException if there are no rows, or a row's size differs from the placeholder count
     * @throws BatchExecuteException     if a row failed; its results cover the rows read up to the failure
     * @throws InvalidStatementException if {@code sql} or {@code rows} is null (SQLSTATE 22004)
     */
    List<ExecutionResult> batchExecute(String sql, Stream<? extends List<?>> rows);

    /**
     * Loads records into a table with {@code COPY ... FROM STDIN}, the fastest way into PostgreSQL: each record
     * component fills the column of the same name (case and underscores ignored, {@code @}{@link
     * io.pgconnector.mapping.Column Column} renames); columns without a component take their defaults. The rows are read as they are sent, in
     * constant memory, and travel in PostgreSQL's binary format when every column's type has a binary codec (see
     * {@link CopyOptions}). One COPY is one statement: all rows are kept, or none.
     *
     * <pre>{@code
     * record Reading(String sensor, OffsetDateTime at, double value) {}
     * CopyResult r = client.copyIn("readings", Reading.class, readings.stream());
     * }</pre>
     *
     * @param table the table, optionally schema-qualified ({@code shop.readings}); written into the statement, so
     *              it must be a plain or quoted name
     * @param type  the record class
     * @param rows  the records; consumed by the call (a {@code null} component is SQL NULL)
     * @param <T>   the record type
     * @return how many rows were copied
     * @throws CopyException             if a row failed, naming its number and column; nothing was copied
     * @throws FieldMismatchException    if a component has no column
     * @throws InvalidStatementException if {@code table} is not a table name or there is no such table
     * @throws InvalidStatementException if {@code table} or {@code type} or {@code rows} is null (SQLSTATE 22004)
     */
    default <T> CopyResult copyIn(String table, Class<T> type, Stream<? extends T> rows) {
        return copyIn(table, type, rows, CopyOptions.defaults());
    }

    /**
     * Loads records into a table with {@code COPY}, with options: the format, or skipping rows whose values their
     * column cannot take ({@link CopyOptions.OnError#IGNORE}, PostgreSQL 17+). Otherwise as
     * {@link #copyIn(String, Class, Stream)}.
     *
     * @param table   the table
     * @param type    the record class
     * @param rows    the records; consumed by the call
     * @param options the COPY options
     * @param <T>     the record type
     * @return how many rows were copied and skipped, and the format used
     * @throws CopyException             if a row failed, naming its number and column; nothing was copied
     * @throws InvalidStatementException if the server is older than 17 and {@code IGNORE} was asked for, or
     *                                   {@code BINARY} was asked for and a column has no binary codec
     * @throws InvalidStatementException if {@code table} or {@code type} or {@code rows} is null (SQLSTATE 22004)
     */
    <T> CopyResult copyIn(String table, Class<T> type, Stream<? extends T> rows, CopyOptions options);

    /**
     * Loads rows of values into the named columns of a table with {@code COPY}. Values are converted to each column's
     * type as with {@link #copyIn(String, Class, Stream)}.
     *
     * <pre>{@code
     * client.copyIn("readings", List.of("sensor", "at", "value"),
     *         readings.stream().map(r -> List.of(r.sensor(), r.at(), r.value())));
     * }</pre>
     *
     * @param table   the table
     * @param columns the column names, in the order of each row's values
     * @param rows    one list of values per row; consumed by the call
     * @return how many rows were copied
     * @throws CopyException          if a row failed or has the wrong number of values, naming its number (and
     *                                column); nothing was copied
     * @throws FieldMismatchException if the table has no such column
     * @throws InvalidStatementException if {@code table} or {@code columns} or {@code rows} is null (SQLSTATE 22004)
     */
    default CopyResult copyIn(String table, List<String> columns, Stream<? extends List<?>> rows) {
        return copyIn(table, columns, rows, CopyOptions.defaults());
    }

    /**
     * Loads rows of values into the named columns of a table with {@code COPY}, with options.
     *
     * @param table   the table
     * @param columns the column names, in the order of each row's values
     * @param rows    one list of values per row; consumed by the call
     * @param options the COPY options
     * @return how many rows were copied and skipped, and the format used
     * @throws CopyException if a row failed, naming its number and column; nothing was copied
     * @throws InvalidStatementException if {@code table} or {@code columns} or {@code rows} is null (SQLSTATE 22004)
     */
    CopyResult copyIn(String table, List<String> columns, Stream<? extends List<?>> rows, CopyOptions options);

    /**
     * Loads records from an {@link Iterator} into a table with {@code COPY}: the same as
     * {@link #copyIn(String, Class, Stream)}, for rows that come from a cursor, a file reader or any other iterator.
     * The iterator is read while the rows are sent, in constant memory.
     *
     * <pre>{@code
     * Iterator<Reading> it = readings.iterator();
     * CopyResult r = client.copyIn("readings", Reading.class, it);
     * }</pre>
     *
     * @param table the table
     * @param type  the record class
     * @param rows  the records; consumed by the call
     * @param <T>   the record type
     * @return how many rows were copied
     * @throws CopyException             if a row failed, naming its number and column; nothing was copied
     * @throws FieldMismatchException    if a component has no column
     * @throws InvalidStatementException if {@code table} is not a table name or there is no such table, or an
     *                                   argument is null (SQLSTATE 22004)
     */
    default <T> CopyResult copyIn(String table, Class<T> type, Iterator<? extends T> rows) {
        return copyIn(table, type, rows, CopyOptions.defaults());
    }

    /**
     * Loads records from an {@link Iterator} into a table with {@code COPY}, with options; see
     * {@link #copyIn(String, Class, Stream, CopyOptions)}.
     *
     * @param table   the table
     * @param type    the record class
     * @param rows    the records; consumed by the call
     * @param options the COPY options
     * @param <T>     the record type
     * @return how many rows were copied and skipped, and the format used
     * @throws CopyException             if a row failed, naming its number and column; nothing was copied
     * @throws InvalidStatementException if an argument is null (SQLSTATE 22004), or as for the {@code Stream} form
     */
    default <T> CopyResult copyIn(String table, Class<T> type, Iterator<? extends T> rows, CopyOptions options) {
        return copyIn(table, type, Implementations.streamOf(rows, "copyIn"), options);
    }

    /**
     * Loads rows of values from an {@link Iterator} into the named columns of a table with {@code COPY}; see
     * {@link #copyIn(String, List, Stream)}.
     *
     * @param table   the table
     * @param columns the column names, in the order of each row's values
     * @param rows    one list of values per row; consumed by the call
     * @return how many rows were copied
     * @throws CopyException             if a row failed or has the wrong number of values, naming its number (and
     *                                   column); nothing was copied
     * @throws FieldMismatchException    if the table has no such column
     * @throws InvalidStatementException if an argument is null (SQLSTATE 22004)
     */
    default CopyResult copyIn(String table, List<String> columns, Iterator<? extends List<?>> rows) {
        return copyIn(table, columns, rows, CopyOptions.defaults());
    }

    /**
     * Loads rows of values from an {@link Iterator} into the named columns of a table with {@code COPY}, with
     * options; see {@link #copyIn(String, List, Stream, CopyOptions)}.
     *
     * @param table   the table
     * @param columns the column names, in the order of each row's values
     * @param rows    one list of values per row; consumed by the call
     * @param options the COPY options
     * @return how many rows were copied and skipped, and the format used
     * @throws CopyException             if a row failed, naming its number and column; nothing was copied
     * @throws InvalidStatementException if an argument is null (SQLSTATE 22004)
     */
    default CopyResult copyIn(String table, List<String> columns, Iterator<? extends List<?>> rows,
            CopyOptions options) {
        return copyIn(table, columns, Implementations.streamOf(rows, "copyIn"), options);
    }

    /**
     * Runs a query through {@code COPY (query) TO STDOUT} and returns its rows as a lazy stream of {@code type},
     * mapped as by {@link #query(Sql, Class)}: the fastest way to read a large result, in binary format when every
     * column's type has a binary codec. Constant memory: one row is held at a time. The stream holds a connection
     * until consumed or closed; close it with try-with-resources.
     *
     * <pre>{@code
     * try (Stream<Reading> all = client.copyOut(Sql.of("SELECT * FROM readings"), Reading.class)) {
     *     all.forEach(this::export);
     * }
     * }</pre>
     *
     * @param query a query without values: COPY cannot take bound parameters
     * @param type  the row type: a record, a class, a scalar or {@code Map}
     * @param <T>   the row type
     * @return the rows
     * @throws InvalidStatementException if the query has values
     * @throws DatabaseException         if the server rejects the query
     * @throws InvalidStatementException if {@code query} or {@code type} is null (SQLSTATE 22004)
     */
    default <T> Stream<T> copyOut(Sql query, Class<T> type) {
        return copyOut(query, type, CopyOptions.defaults());
    }

    /**
     * Runs a query through {@code COPY ... TO STDOUT} with options (the format) and returns its rows as a lazy
     * stream; see {@link #copyOut(Sql, Class)}.
     *
     * @param query   a query without values
     * @param type    the row type
     * @param options the COPY options ({@code onError} does not apply)
     * @param <T>     the row type
     * @return the rows
     * @throws InvalidStatementException if the query has values, or {@code onError} is {@code IGNORE}
     * @throws InvalidStatementException if {@code query} or {@code type} is null (SQLSTATE 22004)
     */
    <T> Stream<T> copyOut(Sql query, Class<T> type, CopyOptions options);

    /**
     * Runs a query through {@code COPY (query) TO STDOUT} and returns its rows, each made by {@code mapper} from a
     * {@link Row}, as a lazy stream: the {@code copyOut} form of {@link #query(Sql, Function)}. The row's columns are
     * read by the same rules (and codecs) as with {@code query}; the row is valid only during the call. Streaming,
     * formats and closing are as for {@link #copyOut(Sql, Class)}.
     *
     * <pre>{@code
     * try (Stream<String> lines = client.copyOut(Sql.of("SELECT sensor, value FROM readings"),
     *         row -> row.get("sensor", String.class) + ";" + row.get("value", double.class))) {
     *     lines.forEach(out::println);
     * }
     * }</pre>
     *
     * @param query  a query without values
     * @param mapper makes one value from each row
     * @param <T>    the row type
     * @return the rows
     * @throws InvalidStatementException if the query has values, or {@code query} or {@code mapper} is null
     *                                   (SQLSTATE 22004)
     * @throws DatabaseException         if the server rejects the query
     */
    default <T> Stream<T> copyOut(Sql query, Function<? super Row, ? extends T> mapper) {
        return copyOut(query, mapper, CopyOptions.defaults());
    }

    /**
     * Runs a query through {@code COPY ... TO STDOUT} with options and returns its rows, each made by
     * {@code mapper}; see {@link #copyOut(Sql, Function)}.
     *
     * @param query   a query without values
     * @param mapper  makes one value from each row
     * @param options the COPY options ({@code onError} does not apply)
     * @param <T>     the row type
     * @return the rows
     * @throws InvalidStatementException if the query has values, or {@code onError} is {@code IGNORE}, or an argument
     *                                   is null (SQLSTATE 22004)
     */
    <T> Stream<T> copyOut(Sql query, Function<? super Row, ? extends T> mapper, CopyOptions options);

    /**
     * Calls a stored procedure or function and returns its results. Plain values of the {@code Sql} are IN
     * arguments; {@link OutParameter}s and {@link InOutParameter}s receive the routine's OUT and INOUT values, which
     * are available through {@link CallParameter#get()} as soon as this method returns. Every form works:
     * <ul>
     *   <li>{@code CALL p(?, ?)}: a procedure (PostgreSQL 11+; OUT arguments on 14+), each OUT argument given a
     *   placeholder;</li>
     *   <li>{@code {call name(?, ?)}}: the JDBC escape, for a procedure (run as {@code CALL}) or a function (run as
     *   {@code SELECT * FROM name(...)}, its OUT placeholders left out as PostgreSQL expects); which one is looked up in
     *   the catalog;</li>
     *   <li>{@code {? = call f(?)}}: a function's return value into the first parameter, which must be an
     *   {@link OutParameter};</li>
     *   <li>{@code SELECT * FROM f(?)}: a set-returning function, its rows as the query result.</li>
     * </ul>
     *
     * <pre>{@code
     * InOutParameter<Integer> counter = InOutParameter.of(41);
     * OutParameter<OffsetDateTime> at = OutParameter.of(OffsetDateTime.class);
     * try (ProcedureCallResult r = client.call(Sql.of("CALL bump(?, ?)", counter, at))) {
     *     System.out.println(counter.get() + " at " + at.get());
     * }
     * }</pre>
     *
     * <p>The result holds a connection until it is closed: always use try-with-resources. See
     * {@link ProcedureCallResult} for result sets, {@code refcursor}s and transactions.
     *
     * @param sql the call
     * @return the results, to be closed
     * @throws DatabaseException         if the server rejects the call (no such routine, wrong argument types, an
     *                                   exception raised by the routine), with the server's SQLSTATE and message
     * @throws InvalidStatementException if a {@code {? = call ...}} has no {@code OutParameter} first
     * @throws ClientClosedException     if the client was closed
     * @throws InvalidStatementException if {@code sql} is null (SQLSTATE 22004)
     */
    ProcedureCallResult call(Sql sql);

    /**
     * Sends a notification on a channel with {@code pg_notify}, channel and payload bound as parameters (never
     * spliced into SQL). On a client it is delivered when the statement's own transaction commits, at once; in a
     * {@link Transaction} it is delivered when that transaction commits, and never if it rolls back. Listeners
     * receive it through {@code io.pgconnector.notify.NotificationListener}.
     *
     * <pre>{@code
     * client.transaction(tx -> {
     *     tx.execute(Sql.of("UPDATE prices SET amount = ? WHERE sku = ?", amount, sku));
     *     tx.notify("prices", sku);          // sent at commit, together with the update
     *     return null;
     * });
     * }</pre>
     *
     * @param channel the channel: not empty, at most 63 bytes in UTF-8; taken literally (case, quotes, spaces)
     * @param payload the payload, less than 8000 bytes in UTF-8; null sends an empty payload
     * @throws InvalidStatementException if the channel or payload breaks PostgreSQL's limits; nothing is sent
     * @throws DatabaseException         if the server rejects the notification (for example a full queue)
     * @throws ClientClosedException     if the client was closed
     */
    default void notify(String channel, String payload) {
        queryRow(Implementations.notifyStatement(channel, payload), Integer.class);
    }
}
