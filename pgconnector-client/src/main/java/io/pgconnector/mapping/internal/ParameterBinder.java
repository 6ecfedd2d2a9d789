package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.UnsupportedTypeException;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Money;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.internal.PgText;
import io.pgconnector.types.Range;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Binds Java values as statement parameters. Standard Java types use the driver's typed setters; value types,
 * composites, ranges and arrays are sent in their text form with their PostgreSQL type name; strings and enums are
 * sent untyped so the server infers the column's type (a string can fill an enum, uuid or jsonb column).
 */
public final class ParameterBinder {
    @FunctionalInterface
    private interface Bind {
        void bind(PreparedStatement ps, int index, Object value) throws SQLException;
    }

    private static final ClassValue<Bind> BINDERS = new ClassValue<>() {
        @Override
        protected Bind computeValue(Class<?> type) {
            return binderFor(type);
        }
    };

    private ParameterBinder() {
    }

    /**
     * Binds one parameter.
     *
     * @param ps    the statement
     * @param index the 1-based parameter index
     * @param value the value, or null for SQL NULL
     * @throws SQLException            if the driver refuses the value
     * @throws UnsupportedTypeException if the Java type cannot be sent
     * @throws ConversionException      if the value has no valid text form (an unpaired surrogate in a string)
     */
    public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
            return;
        }
        try {
            BINDERS.get(value.getClass()).bind(ps, index, value);
        } catch (UnsupportedTypeException e) {
            throw new UnsupportedTypeException("Parameter " + index + ": " + e.getMessage());
        } catch (ConversionException e) {
            throw new ConversionException("Parameter " + index + ": " + e.getMessage(), e.getCause());
        }
    }

    /**
     * Binds an integer parameter untyped, so that the server infers its type from the context. Used to retry a
     * statement that compared an integer with a json value ({@code jsonb @> bigint} has no operator).
     *
     * @param ps    the statement
     * @param index the 1-based parameter index
     * @param value the value
     * @throws SQLException if the driver refuses the value
     */
    public static void bindUntyped(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setObject(index, value.toString(), Types.OTHER);
    }

    private static Bind binderFor(Class<?> c) {
        if (c == String.class) {
            return (ps, i, v) -> ps.setString(i, Surrogates.checked((String) v));
        } else if (c == Long.class) {
            return (ps, i, v) -> ps.setLong(i, (Long) v);
        } else if (c == Integer.class) {
            return (ps, i, v) -> ps.setInt(i, (Integer) v);
        } else if (c == Short.class) {
            return (ps, i, v) -> ps.setShort(i, (Short) v);
        } else if (c == Byte.class) {
            return (ps, i, v) -> ps.setShort(i, (Byte) v);
        } else if (c == BigDecimal.class) {
            return (ps, i, v) -> ps.setBigDecimal(i, (BigDecimal) v);
        } else if (c == BigInteger.class) {
            return (ps, i, v) -> ps.setBigDecimal(i, new BigDecimal((BigInteger) v));
        } else if (c == Double.class) {
            return (ps, i, v) -> ps.setDouble(i, (Double) v);
        } else if (c == Float.class) {
            return (ps, i, v) -> ps.setFloat(i, (Float) v);
        } else if (c == Boolean.class) {
            return (ps, i, v) -> ps.setBoolean(i, (Boolean) v);
        } else if (c == Character.class) {
            return (ps, i, v) -> ps.setString(i, Surrogates.checked(v.toString()));
        } else if (c == byte[].class) {
            return (ps, i, v) -> ps.setBytes(i, (byte[]) v);
        } else if (c == UUID.class || c == LocalTime.class || c == OffsetTime.class) {
            return PreparedStatement::setObject;
        } else if (c == LocalDate.class) {
            return (ps, i, v) -> bindDateTime(ps, i, v, ((LocalDate) v).getYear(), "date");
        } else if (c == LocalDateTime.class) {
            return (ps, i, v) -> bindDateTime(ps, i, v, ((LocalDateTime) v).getYear(), "timestamp");
        } else if (c == OffsetDateTime.class) {
            return (ps, i, v) -> bindDateTime(ps, i, v, ((OffsetDateTime) v).getYear(), "timestamptz");
        } else if (c == Instant.class) {
            return (ps, i, v) -> {
                OffsetDateTime t = toOffsetDateTime((Instant) v);
                bindDateTime(ps, i, t, t.getYear(), "timestamptz");
            };
        } else if (c == ZonedDateTime.class) {
            return (ps, i, v) -> {
                OffsetDateTime t = ((ZonedDateTime) v).toOffsetDateTime();
                bindDateTime(ps, i, t, t.getYear(), "timestamptz");
            };
        } else if (java.util.Date.class.isAssignableFrom(c)) {
            return PreparedStatement::setObject;
        } else if (c == Duration.class) {
            return (ps, i, v) -> ps.setObject(i, pgObject("interval", Interval.of((Duration) v).toString()));
        } else if (c == Period.class) {
            return (ps, i, v) -> ps.setObject(i, pgObject("interval", Interval.of((Period) v).toString()));
        } else if (c == ObjectIdentifier.class) {
            return (ps, i, v) -> ps.setObject(i, pgObject(((ObjectIdentifier) v).kind().typeName(), v.toString()));
        } else if (c == Money.class) {
            return (ps, i, v) -> ps.setObject(i, pgObject("money", ((Money) v).amount().toPlainString()));
        } else if (c.isEnum()) {
            PgType t = c.getAnnotation(PgType.class);
            if (t != null) {
                return (ps, i, v) -> ps.setObject(i, pgObject(t.value(), TextCodec.enumLabel((Enum<?>) v)));
            }
            return (ps, i, v) -> ps.setObject(i, TextCodec.enumLabel((Enum<?>) v), Types.OTHER);
        } else if (PgTypes.sendAs(c) != null) {
            String name = PgTypes.sendAs(c);
            return (ps, i, v) -> ps.setObject(i, pgObject(name, v.toString()));
        } else if (Range.class.isAssignableFrom(c) || (c.isRecord() && c.isAnnotationPresent(PgType.class))) {
            return ParameterBinder::bindTyped;
        } else if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            return ParameterBinder::bindArray;
        } else if (c.getName().startsWith("com.fasterxml.jackson.databind.")) {
            // A Jackson JsonNode (Jackson is optional): its toString() is its JSON text.
            return (ps, i, v) -> ps.setObject(i, pgObject("jsonb", v.toString()));
        }
        return (ps, i, v) -> {
            throw new UnsupportedTypeException("cannot send a value of Java type " + c.getName()
                    + "; use a supported type (see the type table in the docs) or convert it first");
        };
    }

    /**
     * pgjdbc sends dates from 4714-11-24 BC to 4713-01-01 BC (the first days PostgreSQL holds) as -infinity, so
     * those years go in our own text form, which the server reads right.
     */
    private static void bindDateTime(PreparedStatement ps, int index, Object value, int isoYear, String type)
            throws SQLException {
        if (isoYear > EARLIEST_YEAR_THE_DRIVER_SENDS_RIGHT) {
            ps.setObject(index, value);
        } else {
            ps.setObject(index, pgObject(type, TextCodec.format(value)));
        }
    }

    private static final int EARLIEST_YEAR_THE_DRIVER_SENDS_RIGHT = -4711;

    private static void bindTyped(PreparedStatement ps, int index, Object value) throws SQLException {
        String type = TextCodec.pgTypeOf(value);
        String text = Surrogates.checked(TextCodec.format(value));
        if (type == null) {
            ps.setObject(index, text, Types.OTHER);
        } else {
            ps.setObject(index, pgObject(type, text));
        }
    }

    private static void bindArray(PreparedStatement ps, int index, Object value) throws SQLException {
        List<Object> items = TextCodec.iterate(value);
        String elementType = null;
        boolean allNull = true;
        for (Object item : items) {
            if (item != null) {
                elementType = elementTypeName(item);
                allNull = false;
                break;
            }
        }
        if (allNull && value.getClass().isArray()) {
            elementType = PgTypes.sendAs(value.getClass().getComponentType());
        }
        String text;
        if (allNull && items.size() > 1) {
            text = PgText.formatArray(items.stream().map(x -> (String) null).toList(),
                    PgTypes.arrayDelimiter(elementType != null ? elementType : parameterElementType(ps, index),
                            Object.class));
        } else {
            text = Surrogates.checked(TextCodec.format(value));
        }
        if (elementType == null) {
            ps.setObject(index, text, Types.OTHER);
        } else {
            ps.setObject(index, pgObject(elementType + "[]", text));
        }
    }

    /**
     * The element type the server expects for an array parameter. Asked only for an array of several NULLs of no
     * known Java type: its text needs the element type's delimiter ({@code ;} for box), and one round trip on
     * that rare path is cheaper than a wrong value.
     */
    private static String parameterElementType(PreparedStatement ps, int index) {
        try {
            String name = ps.getParameterMetaData().getParameterTypeName(index);
            return name != null && name.startsWith("_") ? name.substring(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * The type an array parameter is sent as, from its first non-null element. Strings (like single strings) and
     * un-annotated enums give {@code null}: the array goes untyped and the server takes the column's type, so a
     * {@code String[]} compares with a {@code varchar[]} column.
     */
    private static String elementTypeName(Object item) {
        if (item instanceof Enum) {
            PgType t = item.getClass().getAnnotation(PgType.class);
            return t == null ? null : t.value();
        }
        if (item instanceof String || item instanceof Character) {
            return null;
        }
        return TextCodec.pgTypeOf(item);
    }

    private static OffsetDateTime toOffsetDateTime(Instant instant) {
        if (instant.equals(Instant.MAX)) {
            return OffsetDateTime.MAX;
        }
        if (instant.equals(Instant.MIN)) {
            return OffsetDateTime.MIN;
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static PGobject pgObject(String type, String text) throws SQLException {
        PGobject o = new PGobject();
        o.setType(type);
        o.setValue(Surrogates.checked(text));
        return o;
    }
}
