package io.pgconnector.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the PostgreSQL type that a Java type stands for.
 *
 * <ul>
 *   <li>On a <b>record</b>: the record is a PostgreSQL composite type ({@code CREATE TYPE address AS (...)}). It is
 *   sent as a parameter of that type and read from columns of that type; components are matched to attributes in
 *   declaration order. Composites may nest and may appear in arrays.</li>
 *   <li>On an <b>enum</b>: the enum is a PostgreSQL enum type. Constants are matched to labels by name; use
 *   {@link Column} on a constant to give it another label. Without this annotation an enum is still sent by name and
 *   the server infers the type from the context.</li>
 * </ul>
 *
 * <pre>{@code
 * @PgType("address")
 * record Address(String street, String city, Point location) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PgType {
    /**
     * The type name, optionally schema-qualified ({@code "shop.address"}).
     *
     * @return the PostgreSQL type name
     */
    String value();
}
