package io.pgconnector.client;

import io.pgconnector.types.Range;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * An OUT argument of a stored procedure or function: a value that the call sends back. Put it among the values of the
 * {@link Sql} at the position of the OUT argument, then read it after {@link SqlOperations#call(Sql) call} returned.
 *
 * <pre>{@code
 * // CREATE PROCEDURE split_name(full_name text, OUT first text, OUT last text) ...   (PostgreSQL 14+)
 * OutParameter<String> first = OutParameter.of(String.class);
 * OutParameter<String> last = OutParameter.of(String.class);
 * try (ProcedureCallResult r = client.call(Sql.of("CALL split_name(?, ?, ?)", "Ada Lovelace", first, last))) {
 *     System.out.println(first.get() + " / " + last.get());
 * }
 * }</pre>
 *
 * <p>The value is read with the same rules as a result column (see {@link SqlOperations}): any type of the type model
 * ({@code java.time} types, numerics, {@code io.pgconnector.types} value types, enums, records for composite types,
 * arrays and lists). {@code Object.class} reads the value in its natural Java type. An OUT argument of type
 * {@code refcursor} reads as the cursor's name ({@code String}), and the cursor's rows become a query result of the
 * {@link ProcedureCallResult}.
 *
 * <p>A parameter belongs to one call at a time; see {@link CallParameter} for thread safety.
 *
 * @param <T> the Java type of the value
 */
public final class OutParameter<T> extends CallParameter<T> {

    private OutParameter(Type type) {
        super(type);
    }

    /**
     * Creates an OUT parameter read into {@code type}.
     *
     * @param type the Java type, such as {@code Integer.class}, {@code OffsetDateTime.class}, {@code Point.class},
     *             {@code String[].class}; {@code Object.class} for the value's natural type
     * @param <T>  the Java type
     * @return the parameter
     */
    public static <T> OutParameter<T> of(Class<T> type) {
        return new OutParameter<>(Objects.requireNonNull(type, "type"));
    }

    /**
     * Creates an OUT parameter for an array value, read into a list of {@code element}.
     *
     * @param element the element type, such as {@code Integer.class} for an {@code integer[]}
     * @param <E>     the element type
     * @return the parameter
     */
    public static <E> OutParameter<List<E>> listOf(Class<E> element) {
        return new OutParameter<>(Implementations.listOf(Objects.requireNonNull(element, "element")));
    }

    /**
     * Creates an OUT parameter for a range value, read into a range of {@code element}.
     *
     * @param element the bound type, such as {@code LocalDate.class} for a {@code daterange}
     * @param <E>     the bound type
     * @return the parameter
     */
    public static <E extends Comparable<? super E>> OutParameter<Range<E>> rangeOf(Class<E> element) {
        return new OutParameter<>(Implementations.rangeOf(Objects.requireNonNull(element, "element")));
    }

    @Override
    String kind() {
        return "OUT";
    }

    /** Shows the type and whether the value is available, not the value. */
    @Override
    public String toString() {
        return "OutParameter[" + type().getTypeName() + ", " + describeState() + "]";
    }
}
