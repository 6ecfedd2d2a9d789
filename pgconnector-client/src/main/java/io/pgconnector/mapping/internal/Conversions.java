package io.pgconnector.mapping.internal;

import java.time.OffsetDateTime;

import java.time.Instant;

import io.pgconnector.errors.ConversionException;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Converts a value already in Java form (as a change event or a driver delivers it) to a target type. Values that
 * are not directly assignable go through their PostgreSQL text form, so every target that a result column can be read
 * into is reachable here too.
 */
public final class Conversions {
    private Conversions() {
    }

    /**
     * Converts a value.
     *
     * @param value  the value, or null
     * @param column the column it came from
     * @param target the Java type wanted; {@code Object} keeps the natural form
     * @return the converted value
     * @throws ConversionException if the value does not fit
     */
    public static Object convert(Object value, ColumnInfo column, Type target) {
        return convert(value, column, target, CodecRegistry.BUILT_IN);
    }

    /**
     * Converts a value with a client's codecs.
     *
     * @param value  the value, or null
     * @param column the column it came from
     * @param target the Java type wanted; {@code Object} keeps the natural form
     * @param codecs the registry
     * @return the converted value
     * @throws ConversionException if the value does not fit
     */
    public static Object convert(Object value, ColumnInfo column, Type target, CodecRegistry codecs) {
        if (target instanceof ParameterizedType && ((ParameterizedType) target).getRawType() == Optional.class) {
            Type inner = ((ParameterizedType) target).getActualTypeArguments()[0];
            return Optional.ofNullable(convert(value, column, inner, codecs));
        }
        if (value == null || target == Object.class) {
            return value;
        }
        Class<?> raw = TextCodec.rawClass(target);
        boolean plain = target instanceof Class || codecs.forType(column.pgType()) != null;
        if (plain && boxedTarget(raw).isInstance(value)) {
            return value;
        }
        if (value instanceof Number && raw != String.class) {
            Object n = convertNumber((Number) value, raw, column);
            if (n != null) {
                return n;
            }
        }
        if (value instanceof OffsetDateTime && raw == Instant.class
                && (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN))) {
            // As when read from a result set: infinity is Instant.MAX/MIN, not the instant of OffsetDateTime.MAX.
            return value.equals(OffsetDateTime.MAX) ? Instant.MAX : Instant.MIN;
        }
        TypeCodec codec = target instanceof Class && raw != String.class ? codecs.forClass(raw) : null;
        Object direct = codec == null ? null : codec.fromValue(value);
        if (direct != null) {
            return direct;
        }
        String text = value instanceof String ? (String) value : TextCodec.format(value, codecs);
        if (raw == String.class) {
            return text;
        }
        try {
            return TextCodec.parse(text, target, column.pgType(), codecs);
        } catch (ConversionException e) {
            throw new ConversionException("Cannot convert " + column.describe() + " to " + target.getTypeName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Object convertNumber(Number n, Class<?> raw, ColumnInfo column) {
        try {
            if (raw == Long.class || raw == long.class) {
                return n instanceof BigDecimal ? ((BigDecimal) n).longValueExact() : Long.valueOf(n.longValue());
            } else if (raw == Integer.class || raw == int.class) {
                return n instanceof BigDecimal ? ((BigDecimal) n).intValueExact() : Math.toIntExact(n.longValue());
            } else if (raw == Short.class || raw == short.class) {
                long v = n.longValue();
                if (v != (short) v) {
                    throw new ArithmeticException("out of range");
                }
                return (short) v;
            } else if (raw == Double.class || raw == double.class) {
                return n.doubleValue();
            } else if (raw == Float.class || raw == float.class) {
                return n.floatValue();
            } else if (raw == BigDecimal.class) {
                return n instanceof BigDecimal ? n : new BigDecimal(n.toString());
            } else if (raw == BigInteger.class) {
                return new BigDecimal(n.toString()).toBigIntegerExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // NumberFormatException: a double's NaN or infinity, which BigDecimal cannot hold.
            throw new ConversionException("The value " + n + " of " + column.describe() + " does not fit in "
                    + raw.getSimpleName(), e);
        }
        return null;
    }

    /**
     * Returns the wrapper class of a primitive class, or the class itself. Called per value (CDC events, COPY rows),
     * so it avoids building a {@code MethodType}.
     *
     * @param c the class
     * @return the boxed class
     */
    static Class<?> boxedTarget(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == long.class ? Long.class : c == int.class ? Integer.class : c == double.class ? Double.class
                : c == boolean.class ? Boolean.class : c == short.class ? Short.class : c == float.class ? Float.class
                : c == byte.class ? Byte.class : c == char.class ? Character.class : Void.class;
    }
}
