package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.types.Range;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Plans how a result column is read into a Java type: the driver's typed getters for standard types (fast, and exact
 * for binary transfer), PostgreSQL's text form and {@link TextCodec} for everything else. Incompatible pairs are
 * refused when planned, with a {@link TypeMismatchException} that names the column, its SQL type and the Java type.
 */
public final class ColumnReaders {
    private static final Set<String> NUMBERS = Set.of("int2", "int4", "int8", "oid", "numeric", "float4", "float8",
            "money");
    private static final Set<Class<?>> NUMERIC_TARGETS = Set.of(long.class, Long.class, int.class, Integer.class,
            short.class, Short.class, double.class, Double.class, float.class, Float.class, BigDecimal.class,
            BigInteger.class, Number.class);

    private ColumnReaders() {
    }

    /**
     * Plans the reader for a column and a target type with the built-in codecs.
     *
     * @param column the column
     * @param target the Java type wanted ({@code Object} for the column's natural type)
     * @param owner  what the value is for, for error messages (e.g. {@code record component 'id' of Order}), or null
     * @return the reader
     * @throws TypeMismatchException if the column's type cannot be read into the target
     */
    public static ColumnReader plan(ColumnInfo column, Type target, String owner) {
        return plan(CodecRegistry.BUILT_IN, column, target, owner);
    }

    /**
     * Plans the reader for a column and a target type.
     *
     * @param codecs the registry
     * @param column the column
     * @param target the Java type wanted ({@code Object} for the column's natural type)
     * @param owner  what the value is for, for error messages (e.g. {@code record component 'id' of Order}), or null
     * @return the reader
     * @throws TypeMismatchException if the column's type cannot be read into the target
     */
    public static ColumnReader plan(CodecRegistry codecs, ColumnInfo column, Type target, String owner) {
        String pg = column.pgType();
        if (target instanceof ParameterizedType && ((ParameterizedType) target).getRawType() == Optional.class) {
            // Optional<T>: SQL NULL is Optional.empty(), anything else is read as T.
            ColumnReader inner = plan(codecs, column, ((ParameterizedType) target).getActualTypeArguments()[0], owner);
            return (rs, i) -> Optional.ofNullable(inner.read(rs, i));
        }
        Type t = target == Object.class ? codecs.naturalType(pg) : target;
        Class<?> raw = TextCodec.rawClass(t);
        checkCompatible(codecs, column, t, raw, owner);
        // The driver's fast path of a built-in type; a column of a user's type is read through its text.
        TypeCodec codec = raw == Object.class || codecs.forType(pg) != null ? null : BuiltInCodecs.forClass(raw);
        ColumnReader fast = codec == null ? null : codec.reader(pg);
        if (fast != null) {
            return fast;
        }
        Type finalType = t;
        return (rs, i) -> {
            String text = rs.getString(i);
            return text == null ? null : convertText(codecs, text, finalType, column, owner);
        };
    }

    private static Object convertText(CodecRegistry codecs, String text, Type t, ColumnInfo column, String owner) {
        try {
            return TextCodec.parse(text, t, column.pgType(), codecs);
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
        return pg.equals("int8") || pg.equals("int4") || pg.equals("int2") || pg.equals("oid");
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

    private static void checkCompatible(CodecRegistry codecs, ColumnInfo column, Type t, Class<?> raw,
            String owner) {
        String pg = column.pgType();
        if (raw == String.class || raw == Object.class) {
            return;
        }
        UserCodec user = codecs.forType(column.isArray() ? null : pg);
        if (user != null) {
            if (!raw.isAssignableFrom(user.javaClass())) {
                throw mismatch(codecs, column, t, owner);
            }
            return;
        }
        if (!PgTypes.isKnown(pg) && !column.isArray()) {
            return;
        }
        if (column.isArray()) {
            boolean arrayTarget = (raw.isArray() && raw != byte[].class) || Collection.class.isAssignableFrom(raw)
                    || raw == Iterable.class;
            if (arrayTarget || (raw == byte[].class && !pg.equals("bytea"))) {
                return;
            }
            throw mismatch(codecs, column, t, owner);
        }
        if (raw == Range.class) {
            if (!pg.endsWith("range") || !rangeElementFits(pg, t)) {
                throw mismatch(codecs, column, t, owner);
            }
            return;
        }
        Class<?> natural = TextCodec.rawClass(PgTypes.naturalType(pg));
        if (raw.isAssignableFrom(natural) || boxed(raw) == natural) {
            return;
        }
        if (NUMBERS.contains(pg) && NUMERIC_TARGETS.contains(raw)) {
            return;
        }
        if ((pg.equals("json") || pg.equals("jsonb")) && TextCodec.isJacksonTarget(raw)) {
            return;
        }
        TypeCodec codec = BuiltInCodecs.forClass(raw);
        if (codec == null || !codec.reads(pg)) {
            throw mismatch(codecs, column, t, owner);
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

    private static TypeMismatchException mismatch(CodecRegistry codecs, ColumnInfo column, Type t, String owner) {
        return new TypeMismatchException("Column '" + column.name() + "' has SQL type " + column.pgType()
                + ", which cannot be read into " + t.getTypeName() + (owner == null ? "" : " (" + owner + ")")
                + "; natural Java type: " + codecs.naturalType(column.pgType()).getTypeName());
    }
}
