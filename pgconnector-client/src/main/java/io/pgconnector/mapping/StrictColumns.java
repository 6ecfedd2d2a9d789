package io.pgconnector.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a record refuse result columns it has no component for. By default a record ignores extra columns (so
 * {@code SELECT *} keeps working when a column is added to the table); a record marked {@code @StrictColumns}
 * instead fails with a {@link io.pgconnector.errors.FieldMismatchException} that names the extra columns, so a query
 * that returns more than the record was written for is noticed. Applies wherever rows map to records: query
 * results, procedure results and CDC events.
 *
 * <pre>{@code
 * @StrictColumns
 * record OrderSummary(long id, BigDecimal total) {}
 * client.query(Sql.of("SELECT id, total, note FROM orders"), OrderSummary.class);   // FieldMismatchException: note
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StrictColumns {
}
