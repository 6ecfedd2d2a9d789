package io.pgconnector.mapping.internal;

import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.ObjectIdentifierKind;
import io.pgconnector.types.Range;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The one table of PostgreSQL types: which Java type each reads into when no target type is given (a {@code Map}
 * value, an {@code Object} field, a CDC event), which text parser builds each value type, and which PostgreSQL type
 * name each value type is sent as.
 */
public final class PgTypes {
    private static final Map<String, Type> NATURAL = new HashMap<>();

    static {
        natural(Short.class, "int2", "smallint", "smallserial");
        natural(Integer.class, "int4", "integer", "serial", "int");
        natural(Long.class, "int8", "bigint", "bigserial");
        natural(BigDecimal.class, "numeric", "decimal");
        natural(Float.class, "float4", "real");
        natural(Double.class, "float8", "double precision");
        natural(Boolean.class, "bool", "boolean");
        natural(String.class, "text", "varchar", "bpchar", "char", "name", "character varying", "character",
                "citext", "unknown");
        natural(byte[].class, "bytea");
        natural(UUID.class, "uuid");
        natural(LocalDate.class, "date");
        natural(LocalTime.class, "time", "time without time zone");
        natural(OffsetTime.class, "timetz", "time with time zone");
        natural(LocalDateTime.class, "timestamp", "timestamp without time zone");
        natural(OffsetDateTime.class, "timestamptz", "timestamp with time zone");

        // The value types of io.pgconnector.types read into themselves (their codecs are in BuiltInCodecs).
        BuiltInCodecs.valueTypes().forEach((type, name) -> NATURAL.putIfAbsent(name, type));
        natural(BitString.class, "bit", "bit varying");
        for (ObjectIdentifierKind kind : ObjectIdentifierKind.values()) {
            natural(ObjectIdentifier.class, kind.typeName());
        }
        NATURAL.put("int4range", range(Integer.class));
        NATURAL.put("int8range", range(Long.class));
        NATURAL.put("numrange", range(BigDecimal.class));
        NATURAL.put("daterange", range(LocalDate.class));
        NATURAL.put("tsrange", range(LocalDateTime.class));
        NATURAL.put("tstzrange", range(OffsetDateTime.class));
    }

    private PgTypes() {
    }

    private static void natural(Type type, String... names) {
        for (String n : names) {
            NATURAL.put(n, type);
        }
    }

    /**
     * Returns the Java type a column of this PostgreSQL type reads into when no target is given. Arrays read into a
     * {@code List} of the element's natural type; unknown types (enums, composites, extensions) read as
     * {@code String}.
     *
     * @param pgType the type name
     * @return the natural Java type
     */
    public static Type naturalType(String pgType) {
        String name = normalise(pgType);
        Type t = NATURAL.get(name);
        if (t != null) {
            return t;
        }
        if (name.startsWith("_")) {
            return listOf(naturalType(name.substring(1)));
        }
        if (name.endsWith("[]")) {
            return listOf(naturalType(name.substring(0, name.length() - 2)));
        }
        return String.class;
    }

    /**
     * Tells whether the name is one of the built-in types in the table (not an enum, composite or extension type).
     *
     * @param pgType the type name
     * @return true for a known type
     */
    public static boolean isKnown(String pgType) {
        return NATURAL.containsKey(normalise(pgType));
    }

    /**
     * Returns the PostgreSQL type name a value type is sent as, or {@code null} if it is not a value type.
     *
     * @param type the Java class
     * @return the type name or null
     */
    public static String sendAs(Class<?> type) {
        return BuiltInCodecs.valueTypes().get(type);
    }

    /**
     * Returns the element type name of a range type ({@code int4range} gives {@code Integer}), or null.
     *
     * @param pgType the range type name
     * @return the element class or null
     */
    public static Class<?> rangeElement(String pgType) {
        Type t = NATURAL.get(normalise(pgType));
        if (t instanceof ParameterizedType && ((ParameterizedType) t).getRawType() == Range.class) {
            return (Class<?>) ((ParameterizedType) t).getActualTypeArguments()[0];
        }
        return null;
    }

    /**
     * Returns the range type name for an element class ({@code Integer} gives {@code int4range}), or null.
     *
     * @param element the element class
     * @return the range type name or null
     */
    public static String rangeTypeFor(Class<?> element) {
        if (element == Integer.class || element == Short.class) {
            return "int4range";
        } else if (element == Long.class) {
            return "int8range";
        } else if (element == BigDecimal.class) {
            return "numrange";
        } else if (element == LocalDate.class) {
            return "daterange";
        } else if (element == LocalDateTime.class) {
            return "tsrange";
        } else if (element == OffsetDateTime.class || element == java.time.Instant.class
                || element == java.time.ZonedDateTime.class) {
            return "tstzrange";
        }
        return null;
    }

    /**
     * Returns the array element delimiter of a type: {@code ;} for {@code box} (whose text contains commas), else
     * {@code ,}.
     *
     * @param elementPgType the element's PostgreSQL type name, or null when unknown
     * @param elementClass  the element's Java class, used when the type name is unknown
     * @return the delimiter
     */
    public static char arrayDelimiter(String elementPgType, Class<?> elementClass) {
        if (elementPgType != null) {
            return normalise(elementPgType).equals("box") ? ';' : ',';
        }
        return elementClass == Box.class ? ';' : ',';
    }

    /**
     * Tells whether a class is one of the value types of {@code io.pgconnector.types} (read from one column).
     *
     * @param type the class
     * @return true for value types
     */
    public static boolean isValueType(Class<?> type) {
        return BuiltInCodecs.isValueType(type) || type == ObjectIdentifier.class || type == Range.class;
    }

    private static String normalise(String pgType) {
        String n = pgType.toLowerCase(Locale.ROOT);
        if (n.startsWith("pg_catalog.")) {
            n = n.substring("pg_catalog.".length());
        }
        if (n.startsWith("\"") && n.endsWith("\"") && n.length() > 1) {
            n = n.substring(1, n.length() - 1);
        }
        return n;
    }

    /**
     * A parameterised {@code List<E>} type.
     *
     * @param element the element type
     * @return the list type
     */
    public static ParameterizedType listOf(Type element) {
        return new SimpleParameterizedType(List.class, element);
    }

    /**
     * A parameterised {@code Range<E>} type.
     *
     * @param element the element type
     * @return the range type
     */
    public static ParameterizedType range(Type element) {
        return new SimpleParameterizedType(Range.class, element);
    }

    private record SimpleParameterizedType(Class<?> raw, Type arg) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {arg};
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public String getTypeName() {
            return raw.getSimpleName() + "<" + arg.getTypeName() + ">";
        }
    }
}
