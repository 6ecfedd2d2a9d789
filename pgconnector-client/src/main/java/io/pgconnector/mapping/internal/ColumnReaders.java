package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Money;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.Oid;
import io.pgconnector.types.Range;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Plans how a result column is read into a Java type: the driver's typed getters for standard types (fast, and exact
 * for binary transfer), PostgreSQL's text form and {@link TextCodec} for everything else. Incompatible pairs are
 * refused when planned, with a {@link TypeMismatchException} that names the column, its SQL type and the Java type.
 */
public final class ColumnReaders {
    private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8", "oid");
    private static final Set<String> NUMBERS = Set.of("int2", "int4", "int8", "oid", "numeric", "float4", "float8",
            "money");
    private static final Set<Class<?>> NUMERIC_TARGETS = Set.of(long.class, Long.class, int.class, Integer.class,
            short.class, Short.class, double.class, Double.class, float.class, Float.class, BigDecimal.class,
            BigInteger.class, Number.class);

    private ColumnReaders() {
    }

    /**
     * Plans the reader for a column and a target type.
     *
     * @param column the column
     * @param target the Java type wanted ({@code Object} for the column's natural type)
     * @param owner  what the value is for, for error messages (e.g. {@code record component 'id' of Order}), or null
     * @return the reader
     * @throws TypeMismatchException if the column's type cannot be read into the target
     */
    public static ColumnReader plan(ColumnInfo column, Type target, String owner) {
        String pg = column.pgType();
        if (target instanceof ParameterizedType && ((ParameterizedType) target).getRawType() == Optional.class) {
            // Optional<T>: SQL NULL is Optional.empty(), anything else is read as T.
            ColumnReader inner = plan(column, ((ParameterizedType) target).getActualTypeArguments()[0], owner);
            return (rs, i) -> Optional.ofNullable(inner.read(rs, i));
        }
        Type t = target == Object.class ? PgTypes.naturalType(pg) : target;
        Class<?> raw = TextCodec.rawClass(t);
        checkCompatible(column, t, raw, owner);
        ColumnReader fast = fastPath(pg, raw);
        if (fast != null) {
            return fast;
        }
        Type finalType = t;
        return (rs, i) -> {
            String text = rs.getString(i);
            return text == null ? null : convertText(text, finalType, column, owner);
        };
    }

    private static Object convertText(String text, Type t, ColumnInfo column, String owner) {
        try {
            return TextCodec.parse(text, t, column.pgType());
        } catch (ConversionException e) {
            throw new ConversionException("Cannot read " + column.describe() + (owner == null ? "" : " into " + owner)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether the driver's {@code getLong} reads a column of this type exactly.
     *
     * @param pg the type name
     * @return true for the integer types
     */
    static boolean readsAsLong(String pg) {
        return INTEGERS.contains(pg);
    }

    /**
     * Tells whether the driver's {@code getInt} reads a column of this type exactly.
     *
     * @param pg the type name
     * @return true for int2 and int4
     */
    static boolean readsAsInt(String pg) {
        return pg.equals("int4") || pg.equals("int2");
    }

    /**
     * Tells whether the driver's {@code getDouble} reads a column of this type.
     *
     * @param pg the type name
     * @return true for the number types but money
     */
    static boolean readsAsDouble(String pg) {
        return !pg.equals("money") && NUMBERS.contains(pg);
    }

    /**
     * Tells whether the driver's {@code getBoolean} reads a column of this type.
     *
     * @param pg the type name
     * @return true for bool
     */
    static boolean readsAsBoolean(String pg) {
        return pg.equals("bool");
    }

    private static ColumnReader fastPath(String pg, Class<?> raw) {
        if (raw == String.class) {
            return ResultSet::getString;
        }
        if ((raw == Long.class || raw == long.class) && readsAsLong(pg)) {
            return (rs, i) -> {
                long v = rs.getLong(i);
                return v == 0 && rs.wasNull() ? null : v;
            };
        }
        if ((raw == Integer.class || raw == int.class) && readsAsInt(pg)) {
            return (rs, i) -> {
                int v = rs.getInt(i);
                return v == 0 && rs.wasNull() ? null : v;
            };
        }
        if ((raw == Integer.class || raw == int.class) && pg.equals("int8")) {
            return (rs, i) -> {
                long v = rs.getLong(i);
                if (v == 0 && rs.wasNull()) {
                    return null;
                }
                if (v != (int) v) {
                    throw new ConversionException("The int8 value " + v + " of column " + rs.getMetaData()
                            .getColumnLabel(i) + " does not fit in an int; read it as a long");
                }
                return (int) v;
            };
        }
        if ((raw == Double.class || raw == double.class) && readsAsDouble(pg)) {
            return (rs, i) -> {
                double v = rs.getDouble(i);
                return v == 0 && rs.wasNull() ? null : v;
            };
        }
        if (raw == BigDecimal.class && NUMBERS.contains(pg) && !pg.equals("money")) {
            return (rs, i) -> {
                try {
                    return rs.getBigDecimal(i);
                } catch (SQLException e) {
                    // NaN and the infinities have no BigDecimal form: say so plainly.
                    String text = rs.getString(i);
                    return TextCodec.parse(text, BigDecimal.class, pg);
                }
            };
        }
        if ((raw == Boolean.class || raw == boolean.class) && readsAsBoolean(pg)) {
            return (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return !v && rs.wasNull() ? null : v;
            };
        }
        if (raw == byte[].class && pg.equals("bytea")) {
            return ResultSet::getBytes;
        }
        if (raw == UUID.class && pg.equals("uuid")) {
            return (rs, i) -> rs.getObject(i, UUID.class);
        }
        if (raw == LocalDate.class && pg.equals("date")) {
            return (rs, i) -> rs.getObject(i, LocalDate.class);
        }
        if (raw == LocalDateTime.class && pg.equals("timestamp")) {
            return (rs, i) -> rs.getObject(i, LocalDateTime.class);
        }
        if (raw == OffsetDateTime.class && pg.equals("timestamptz")) {
            return (rs, i) -> rs.getObject(i, OffsetDateTime.class);
        }
        if (raw == Instant.class && pg.equals("timestamptz")) {
            return (rs, i) -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.equals(OffsetDateTime.MAX) ? Instant.MAX
                        : t.equals(OffsetDateTime.MIN) ? Instant.MIN : t.toInstant();
            };
        }
        if (raw == LocalTime.class && pg.equals("time")) {
            return (rs, i) -> rs.getObject(i, LocalTime.class);
        }
        if (raw == OffsetTime.class && pg.equals("timetz")) {
            return (rs, i) -> rs.getObject(i, OffsetTime.class);
        }
        return null;
    }

    private static void checkCompatible(ColumnInfo column, Type t, Class<?> raw, String owner) {
        String pg = column.pgType();
        if (raw == String.class || raw == Object.class || !PgTypes.isKnown(pg) && !column.isArray()) {
            return;
        }
        if (column.isArray()) {
            boolean arrayTarget = (raw.isArray() && raw != byte[].class) || Collection.class.isAssignableFrom(raw)
                    || raw == Iterable.class;
            if (arrayTarget || (raw == byte[].class && !pg.equals("bytea"))) {
                return;
            }
            throw mismatch(column, t, owner);
        }
        if (raw == Range.class && !rangeElementFits(pg, t)) {
            throw mismatch(column, t, owner);
        }
        Class<?> natural = TextCodec.rawClass(PgTypes.naturalType(pg));
        if (raw.isAssignableFrom(natural) || boxed(raw) == natural) {
            return;
        }
        if (NUMBERS.contains(pg) && NUMERIC_TARGETS.contains(raw)) {
            return;
        }
        boolean ok;
        switch (pg) {
            case "timestamptz":
                ok = raw == Instant.class || raw == ZonedDateTime.class;
                break;
            case "interval":
                ok = raw == Duration.class || raw == Period.class;
                break;
            case "bit":
            case "varbit":
                ok = raw == Boolean.class || raw == boolean.class || raw == BitString.class;
                break;
            case "json":
            case "jsonb":
                ok = raw == io.pgconnector.types.Json.class || raw == io.pgconnector.types.Jsonb.class
                        || TextCodec.isJacksonTarget(raw);
                break;
            case "oid":
                ok = raw == Oid.class;
                break;
            case "money":
                ok = raw == Money.class;
                break;
            case "bpchar":
            case "char":
                ok = raw == Character.class || raw == char.class;
                break;
            default:
                ok = raw == ObjectIdentifier.class && pg.startsWith("reg")
                        || raw == Range.class && pg.endsWith("range");
        }
        if (!ok) {
            throw mismatch(column, t, owner);
        }
    }

    /** An {@code int4range} does not fit a {@code Range<LocalDate>}: refused when planned, like any column. */
    private static boolean rangeElementFits(String pg, Type t) {
        Class<?> natural = PgTypes.rangeElement(pg);
        if (natural == null || !(t instanceof ParameterizedType)) {
            return true;
        }
        Type arg = ((ParameterizedType) t).getActualTypeArguments()[0];
        if (!(arg instanceof Class)) {
            return true;
        }
        Class<?> element = (Class<?>) arg;
        return element.isAssignableFrom(natural)
                || Number.class.isAssignableFrom(natural) && NUMERIC_TARGETS.contains(element)
                || pg.equals("tstzrange") && (element == Instant.class || element == ZonedDateTime.class);
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }

    private static TypeMismatchException mismatch(ColumnInfo column, Type t, String owner) {
        return new TypeMismatchException("Column '" + column.name() + "' has SQL type " + column.pgType()
                + ", which cannot be read into " + t.getTypeName() + (owner == null ? "" : " (" + owner + ")")
                + "; natural Java type: " + PgTypes.naturalType(column.pgType()).getTypeName());
    }
}
