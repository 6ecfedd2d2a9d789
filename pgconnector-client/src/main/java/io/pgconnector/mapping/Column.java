package io.pgconnector.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the column (or composite-type attribute) that a record component or field is read from, when the names do
 * not already match. Without it, a column matches a component whose name is equal ignoring case and underscores, so
 * {@code created_at}, {@code createdAt} and {@code CREATEDAT} all match a component named {@code createdAt}.
 *
 * <pre>{@code
 * record Order(long id, @Column("cust_ref") String customer) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Column {
    /**
     * The column name, matched ignoring case.
     *
     * @return the column name
     */
    String value();
}
