package io.pgconnector.client;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.TypeMismatchException;

/**
 * One row of a query result, handed to a row-mapping lambda. Each column is read by its label or by its position
 * (from 0, as in R2DBC and Vert.x) into the Java type you ask for, through the same readers as record mapping: a
 * {@code numeric} column reads into {@code BigDecimal}, {@code long} or {@code double}, a {@code timestamptz} into
 * {@code OffsetDateTime} or {@code Instant}, a {@code point} into {@code Point}, and so on (see the type table in the
 * docs).
 *
 * <pre>{@code
 * List<OrderTotal> totals = client.queryList(Sql.of("SELECT customer, sum(total) AS total FROM orders GROUP BY 1"),
 *         row -> new OrderTotal(row.get("customer", String.class), row.get("total", BigDecimal.class)));
 * }</pre>
 *
 * <p>A label matches ignoring case and underscores ({@code created_at} is found as {@code createdAt}) when no column
 * has exactly that label. A row is valid only inside the lambda it was given to: keep the values, not the row.
 */
public interface Row {

    /**
     * Reads a column by label into a Java type.
     *
     * @param column the column label
     * @param type   the Java type wanted; {@code Object.class} gives the column's natural type
     * @param <T>    the type
     * @return the value; {@code null} for SQL NULL (a primitive {@code type} such as {@code long.class} gives the
     *         boxed value and refuses NULL)
     * @throws FieldMismatchException if the result has no such column
     * @throws TypeMismatchException  if the column's SQL type cannot be read into {@code type}, or it is NULL and
     *                                {@code type} is primitive
     * @throws ConversionException    if the value does not fit {@code type}
     */
    <T> T get(String column, Class<T> type);

    /**
     * Reads a column by position into a Java type.
     *
     * @param index the position, from 0
     * @param type  the Java type wanted; {@code Object.class} gives the column's natural type
     * @param <T>   the type
     * @return the value; {@code null} for SQL NULL
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws TypeMismatchException     if the column's SQL type cannot be read into {@code type}
     * @throws ConversionException       if the value does not fit {@code type}
     */
    <T> T get(int index, Class<T> type);

    /**
     * Reads a column by label in its natural Java type, as a {@code Map} row would hold it.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL NULL
     * @throws FieldMismatchException if the result has no such column
     */
    default Object get(String column) {
        return get(column, Object.class);
    }

    /**
     * Reads a column by position in its natural Java type.
     *
     * @param index the position, from 0
     * @return the value, or {@code null} for SQL NULL
     * @throws IndexOutOfBoundsException if there is no such column
     */
    default Object get(int index) {
        return get(index, Object.class);
    }

    /**
     * Returns the number of columns.
     *
     * @return the column count
     */
    int size();

    /**
     * Returns the label of a column.
     *
     * @param index the position, from 0
     * @return the label as the server reports it
     * @throws IndexOutOfBoundsException if there is no such column
     */
    String label(int index);
}
