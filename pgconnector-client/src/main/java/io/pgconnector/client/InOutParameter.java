package io.pgconnector.client;

import io.pgconnector.types.Range;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * An INOUT argument of a stored procedure or function: a value sent to the routine that the routine may change and
 * send back. Put it among the values of the {@link Sql} at the position of the INOUT argument, then read the new
 * value after {@link SqlOperations#call(Sql) call} returned.
 *
 * <pre>{@code
 * // CREATE PROCEDURE add_tax(INOUT amount numeric) ...
 * InOutParameter<BigDecimal> amount = InOutParameter.of(new BigDecimal("100.00"));
 * try (ProcedureCallResult r = client.call(Sql.of("CALL add_tax(?)", amount))) {
 *     System.out.println(amount.get());   // 120.00
 * }
 * }</pre>
 *
 * <p>The value is sent like any query parameter, so its Java type picks the SQL type (an {@code Integer} is an
 * {@code integer}, a {@code Long} a {@code bigint}, a {@code Point} a {@code point}; a {@code String} is sent untyped
 * so that it can fill a {@code text}, enum, {@code uuid} or {@code json} argument). Use the Java type that matches the
 * routine's argument: PostgreSQL does not convert a {@code bigint} to an {@code integer} argument when it looks up
 * the routine. The value comes back with the same reading rules as an {@link OutParameter}.
 *
 * <p>A parameter belongs to one call at a time; see {@link CallParameter} for thread safety.
 *
 * @param <T> the Java type of the value
 */
public final class InOutParameter<T> extends CallParameter<T> {
    private final T value;

    private InOutParameter(T value, Type type) {
        super(type);
        this.value = value;
    }

    /**
     * Creates an INOUT parameter holding {@code value}; the new value is read back into the value's class (for an
     * enum its enum class; for a list, a range or a map: {@code List}, {@code Range}, {@code Map}).
     *
     * @param value the value sent to the routine; not {@code null} (use {@link #of(Object, Class)} for SQL NULL)
     * @param <T>   the Java type
     * @return the parameter
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public static <T> InOutParameter<T> of(T value) {
        Objects.requireNonNull(value, "value is null: use InOutParameter.of(null, Type.class) to send SQL NULL");
        Class<?> c = value.getClass();
        if (value instanceof Enum) {
            c = ((Enum<?>) value).getDeclaringClass();
        } else if (value instanceof List) {
            c = List.class;
        } else if (value instanceof Range) {
            c = Range.class;
        } else if (value instanceof java.util.Map) {
            c = java.util.Map.class;
        }
        return new InOutParameter<>(value, c);
    }

    /**
     * Creates an INOUT parameter holding {@code value} (which may be {@code null} for SQL NULL), read back into
     * {@code type}.
     *
     * @param value the value sent to the routine, or {@code null}
     * @param type  the Java type the new value is read into
     * @param <T>   the Java type
     * @return the parameter
     */
    public static <T> InOutParameter<T> of(T value, Class<T> type) {
        return new InOutParameter<>(value, Objects.requireNonNull(type, "type"));
    }

    /**
     * Creates an INOUT parameter for an array value, read back into a list of {@code element}.
     *
     * @param value   the list sent to the routine, or {@code null}
     * @param element the element type
     * @param <E>     the element type
     * @return the parameter
     */
    public static <E> InOutParameter<List<E>> listOf(List<E> value, Class<E> element) {
        return new InOutParameter<>(value, Implementations.listOf(Objects.requireNonNull(element, "element")));
    }

    /**
     * Creates an INOUT parameter for a range value, read back into a range of {@code element}.
     *
     * @param value   the range sent to the routine, or {@code null}
     * @param element the bound type
     * @param <E>     the bound type
     * @return the parameter
     */
    public static <E extends Comparable<? super E>> InOutParameter<Range<E>> rangeOf(Range<E> value, Class<E> element) {
        return new InOutParameter<>(value, Implementations.rangeOf(Objects.requireNonNull(element, "element")));
    }

    /**
     * Returns the value sent to the routine (not the value it sent back; that is {@link #get()}).
     *
     * @return the input value, or {@code null}
     */
    public T value() {
        return value;
    }

    @Override
    String kind() {
        return "INOUT";
    }

    /** Shows the type and whether the value is available, not the values (they may be secrets). */
    @Override
    public String toString() {
        return "InOutParameter[" + type().getTypeName() + ", " + describeState() + "]";
    }
}
