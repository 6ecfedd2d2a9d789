package io.pgconnector.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code CdcService} bean to attach to the auto-configured {@code CdcListener} for the named tables.
 *
 * <pre>{@code
 * @Component
 * @CdcTable("public.orders")
 * class OrderIndexer implements CdcService<Order> {
 *     public void onCreate(Order row, ChangeSource src) { ... }
 * }
 * }</pre>
 *
 * <p>The row type is the service's type argument ({@code Order} above), or {@link #rowType()} when the class does
 * not name one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CdcTable {

    /**
     * The tables, {@code schema.table} (or {@code table} for {@code public.table}); none takes every table no other
     * service is attached to.
     *
     * @return the tables
     */
    String[] value() default {};

    /**
     * The row type, when the service class does not name it as its type argument.
     *
     * @return the row type; {@code Object} means "from the type argument, else Map"
     */
    Class<?> rowType() default Object.class;
}
