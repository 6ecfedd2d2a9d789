package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.errors.UnsupportedTypeException;
import io.pgconnector.mapping.Column;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Json;
import io.pgconnector.types.Money;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.ObjectIdentifierKind;
import io.pgconnector.types.internal.PgText;
import io.pgconnector.types.internal.PgTime;
import io.pgconnector.types.Range;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Converts between PostgreSQL's text form of a value and Java values. The text form is the common ground of every
 * path: array elements, composite attributes, value types the driver does not know, and CDC fields all arrive as (or
 * reduce to) text.
 */
public final class TextCodec {
    private TextCodec() {
    }

    /**
     * Parses PostgreSQL text into a Java value of the target type.
     *
     * @param text   the text (not null)
     * @param target the Java type wanted; {@code Object} means the natural type of {@code pgType}
     * @param pgType the PostgreSQL type of the text, or {@code null} if unknown
     * @return the value
     * @throws ConversionException   if the text is not a valid value
     * @throws TypeMismatchException if the target cannot hold a value of the type
     */
    public static Object parse(String text, Type target, String pgType) {
        if (target == Object.class) {
            target = pgType == null ? String.class : PgTypes.naturalType(pgType);
        }
        if (isJson(pgType) && isJacksonTarget(rawClass(target))) {
            // A json column read into a JsonNode, a Map or a user type: Jackson (optional) builds it.
            return Json.of(text).read(rawClass(target));
        }
        if (target instanceof Class) {
            return parseClass(text, (Class<?>) target, pgType);
        }
        if (target instanceof ParameterizedType) {
            ParameterizedType pt = (ParameterizedType) target;
            Class<?> raw = (Class<?>) pt.getRawType();
            Type arg = pt.getActualTypeArguments()[0];
            if (raw == Range.class) {
                return parseRange(text, arg, pgType);
            }
            if (Collection.class.isAssignableFrom(raw) || raw == Iterable.class) {
                return parseList(text, arg, pgType == null ? null : elementTypeOf(pgType));
            }
            if (raw == java.util.Optional.class) {
                return java.util.Optional.ofNullable(parse(text, arg, pgType));
            }
        }
        if (target instanceof GenericArrayType) {
            Type component = ((GenericArrayType) target).getGenericComponentType();
            List<?> list = parseList(text, component, pgType == null ? null : elementTypeOf(pgType));
            Object array = Array.newInstance(rawClass(component), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, list.get(i));
            }
            return array;
        }
        throw new UnsupportedTypeException("Cannot read " + describeType(pgType) + " into " + target.getTypeName());
    }

    static boolean isJson(String pgType) {
        return "json".equals(pgType) || "jsonb".equals(pgType);
    }

    /**
     * Tells whether a json column is read into the type by Jackson: any type that is not one of the client's own
     * (strings, numbers, time, value types, arrays, lists of them).
     *
     * @param c the target class
     * @return true for JsonNode, Map and user types
     */
    static boolean isJacksonTarget(Class<?> c) {
        return !(c == String.class || c == Object.class || c.isPrimitive() || c.isArray() || c.isEnum()
                || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class
                || java.time.temporal.Temporal.class.isAssignableFrom(c) || c == UUID.class
                || c == java.util.Optional.class || c == Range.class || Collection.class.isAssignableFrom(c)
                || PgTypes.parser(c) != null || (c.isRecord() && c.isAnnotationPresent(PgType.class)));
    }

    private static Object parseClass(String text, Class<?> c, String pgType) {
        try {
            if (c == String.class) {
                return text;
            } else if (c == Long.class || c == long.class) {
                return Long.parseLong(text.trim());
            } else if (c == Integer.class || c == int.class) {
                return Integer.parseInt(text.trim());
            } else if (c == Short.class || c == short.class) {
                return Short.parseShort(text.trim());
            } else if (c == BigDecimal.class) {
                return parseBigDecimal(text, pgType);
            } else if (c == Double.class || c == double.class) {
                return "money".equals(pgType) ? Money.parse(text).amount().doubleValue() : Double.parseDouble(text);
            } else if (c == Float.class || c == float.class) {
                return Float.parseFloat(text);
            } else if (c == Boolean.class || c == boolean.class) {
                return parseBoolean(text);
            } else if (c == BigInteger.class) {
                return new BigInteger(text.trim());
            } else if (c == byte[].class) {
                return parseBytea(text);
            } else if (c == UUID.class) {
                return UUID.fromString(text.trim());
            } else if (c == LocalDate.class) {
                return PgTime.parseDate(text);
            } else if (c == LocalDateTime.class) {
                return PgTime.parseTimestamp(text);
            } else if (c == OffsetDateTime.class) {
                return utc(PgTime.parseTimestampTz(text));
            } else if (c == Instant.class) {
                return toInstant(PgTime.parseTimestampTz(text));
            } else if (c == ZonedDateTime.class) {
                return utc(PgTime.parseTimestampTz(text)).toZonedDateTime();
            } else if (c == Duration.class) {
                return Interval.parse(text).toDuration();
            } else if (c == Period.class) {
                return Interval.parse(text).toPeriod();
            } else if (c == ObjectIdentifier.class) {
                if (pgType == null) {
                    throw new ConversionException("Cannot read '" + shorten(text) + "' into ObjectIdentifier: the "
                            + "reg* type is not known here (composite attribute); read it as String");
                }
                return ObjectIdentifier.parse(ObjectIdentifierKind.fromTypeName(pgType), text);
            } else if (c == LocalTime.class) {
                return PgTime.parseTime(text);
            } else if (c == OffsetTime.class) {
                return PgTime.parseTimeTz(text);
            } else if (c == Character.class || c == char.class) {
                if (text.length() != 1) {
                    throw ConversionException.invalidText("char", text, "expected exactly one character");
                }
                return text.charAt(0);
            } else if (c == Object.class) {
                return text;
            }
        } catch (ConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConversionException("invalid " + c.getSimpleName() + " value '" + shorten(text) + "' from "
                    + describeType(pgType) + ": " + e.getMessage(), e);
        }
        Function<String, ?> parser = PgTypes.parser(c);
        if (parser != null) {
            return parser.apply(text);
        }
        if (c.isEnum()) {
            return parseEnum(text, c);
        }
        if (c.isRecord()) {
            return parseComposite(text, c);
        }
        if (c.isArray()) {
            Class<?> component = c.getComponentType();
            List<?> list = parseList(text, component, pgType == null ? null : elementTypeOf(pgType));
            Object array = Array.newInstance(component, list.size());
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (v == null && component.isPrimitive()) {
                    throw new TypeMismatchException("Array element " + (i + 1) + " of " + describeType(pgType)
                            + " is NULL and cannot be stored in " + c.getSimpleName()
                            + "; use an array of the boxed type");
                }
                Array.set(array, i, v);
            }
            return array;
        }
        if (c == List.class || c == Collection.class || c == Iterable.class) {
            return parseList(text, Object.class, pgType == null ? null : elementTypeOf(pgType));
        }
        if (c == Range.class) {
            return parseRange(text, Object.class, pgType);
        }
        throw new UnsupportedTypeException("Cannot read " + describeType(pgType) + " into " + c.getName()
                + ": no mapping is registered for that Java type");
    }

    private static BigDecimal parseBigDecimal(String text, String pgType) {
        if ("money".equals(pgType)) {
            return Money.parse(text).amount();
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("NaN") || t.equalsIgnoreCase("Infinity") || t.equalsIgnoreCase("-Infinity")) {
            throw new ConversionException("The numeric value " + t + " has no BigDecimal form; read the column as "
                    + "Double or String to receive NaN and infinities");
        }
        return new BigDecimal(t);
    }

    private static Boolean parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "t": case "true": case "1": case "yes": case "y": case "on":
                return Boolean.TRUE;
            case "f": case "false": case "0": case "no": case "n": case "off":
                return Boolean.FALSE;
            default:
                throw ConversionException.invalidText("boolean", text, null);
        }
    }

    /**
     * Parses bytea text in hex ({@code \x0a0b}) or escape format.
     *
     * @param text the text
     * @return the bytes
     */
    public static byte[] parseBytea(String text) {
        if (text.startsWith("\\x")) {
            try {
                return HexFormat.of().parseHex(text.substring(2));
            } catch (IllegalArgumentException e) {
                throw new ConversionException("invalid bytea value: " + e.getMessage(), e);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (ch == '\\' && i + 3 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.write(ch);
            }
        }
        return out.toByteArray();
    }

    /**
     * Moves a timestamptz to UTC, as the driver delivers it, so that a value reads the same from a column, an array
     * element, a range bound or a composite attribute whatever the session's TimeZone. The infinities stay as they are.
     */
    private static OffsetDateTime utc(OffsetDateTime t) {
        return PgTime.isInfinite(t) ? t : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Instant toInstant(OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX)) {
            return Instant.MAX;
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return Instant.MIN;
        }
        return t.toInstant();
    }

    private static Object parseEnum(String text, Class<?> enumClass) {
        for (Object constant : enumClass.getEnumConstants()) {
            if (enumLabel((Enum<?>) constant).equals(text)) {
                return constant;
            }
        }
        for (Object constant : enumClass.getEnumConstants()) {
            if (enumLabel((Enum<?>) constant).equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new ConversionException("The value '" + shorten(text) + "' matches no constant of "
                + enumClass.getName());
    }

    /**
     * Returns the PostgreSQL label of a Java enum constant: its {@link Column} name, or its name.
     *
     * @param constant the constant
     * @return the label
     */
    public static String enumLabel(Enum<?> constant) {
        try {
            Field f = constant.getDeclaringClass().getField(constant.name());
            Column column = f.getAnnotation(Column.class);
            return column == null ? constant.name() : column.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static Object parseComposite(String text, Class<?> recordClass) {
        List<String> attributes = PgText.parseComposite(text);
        RecordComponent[] components = recordClass.getRecordComponents();
        if (attributes.size() != components.length) {
            throw new TypeMismatchException("The composite value has " + attributes.size() + " attribute(s) but "
                    + recordClass.getName() + " has " + components.length + " component(s)");
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            types[i] = rc.getType();
            String attr = attributes.get(i);
            if (attr == null) {
                if (rc.getType().isPrimitive()) {
                    throw new TypeMismatchException("Attribute '" + rc.getName() + "' of composite "
                            + recordClass.getSimpleName() + " is NULL but the component is primitive "
                            + rc.getType().getName());
                }
                args[i] = rc.getType() == java.util.Optional.class ? java.util.Optional.empty() : null;
            } else {
                args[i] = parse(attr, rc.getGenericType(), null);
            }
        }
        try {
            Constructor<?> ctor = recordClass.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new ConversionException("Could not build " + recordClass.getName() + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new ConversionException("Could not build " + recordClass.getName() + ": " + e, e);
        }
    }

    private static List<Object> parseList(String text, Type elementType, String elementPgType) {
        List<String> items = PgText.parseArray(text, PgTypes.arrayDelimiter(elementPgType, rawClass(elementType)));
        List<Object> out = new ArrayList<>(items.size());
        for (String item : items) {
            out.add(item == null ? null : parse(item, elementType, elementPgType));
        }
        return out;
    }

    private static Range<?> parseRange(String text, Type elementType, String pgType) {
        Type element = elementType;
        if (element == Object.class || element instanceof java.lang.reflect.WildcardType) {
            Class<?> natural = pgType == null ? null : PgTypes.rangeElement(pgType);
            element = natural == null ? String.class : natural;
        }
        Type finalElement = element;
        String elementPg = pgType == null ? null : rangeElementPgType(pgType);
        return parseRangeRaw(text, s -> parse(s, finalElement, elementPg));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Range<?> parseRangeRaw(String text, Function<String, Object> elementParser) {
        // The element type is only known at run time; every range element type is Comparable.
        return Range.parse(text, (Function) elementParser);
    }

    private static String rangeElementPgType(String pgType) {
        switch (pgType) {
            case "int4range": return "int4";
            case "int8range": return "int8";
            case "numrange": return "numeric";
            case "daterange": return "date";
            case "tsrange": return "timestamp";
            case "tstzrange": return "timestamptz";
            default: return null;
        }
    }

    private static String elementTypeOf(String pgType) {
        if (pgType.startsWith("_")) {
            return pgType.substring(1);
        }
        return pgType.endsWith("[]") ? pgType.substring(0, pgType.length() - 2) : pgType;
    }

    private static final Set<Class<?>> PLAIN = Set.of(Long.class, Integer.class, Short.class, BigDecimal.class,
            BigInteger.class, Double.class, Float.class, String.class, UUID.class, Byte.class);

    /**
     * Formats a Java value in PostgreSQL's text input form, as used inside arrays and composites and for value
     * types the driver does not know.
     *
     * @param value the value (not null)
     * @return the text
     * @throws UnsupportedTypeException if the type has no text form
     */
    public static String format(Object value) {
        Class<?> c = value.getClass();
        if (PLAIN.contains(c)) {
            return value.toString();
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? "t" : "f";
        }
        if (value instanceof byte[]) {
            return "\\x" + HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof LocalDate) {
            return PgTime.formatDate((LocalDate) value);
        }
        if (value instanceof LocalDateTime) {
            return PgTime.formatTimestamp((LocalDateTime) value);
        }
        if (value instanceof OffsetDateTime) {
            return PgTime.formatTimestampTz((OffsetDateTime) value);
        }
        if (value instanceof Instant) {
            Instant i = (Instant) value;
            return i.equals(Instant.MAX) ? "infinity" : i.equals(Instant.MIN) ? "-infinity"
                    : PgTime.formatTimestampTz(i.atOffset(ZoneOffset.UTC));
        }
        if (value instanceof ZonedDateTime) {
            return PgTime.formatTimestampTz(((ZonedDateTime) value).toOffsetDateTime());
        }
        if (value instanceof LocalTime) {
            return PgTime.formatTime((LocalTime) value);
        }
        if (value instanceof OffsetTime) {
            return PgTime.formatTimeTz((OffsetTime) value);
        }
        if (value instanceof Money) {
            return ((Money) value).amount().toPlainString();
        }
        if (value instanceof Duration) {
            return Interval.of((Duration) value).toString();
        }
        if (value instanceof Period) {
            return Interval.of((Period) value).toString();
        }
        if (value instanceof Enum) {
            return enumLabel((Enum<?>) value);
        }
        if (value instanceof Character) {
            return value.toString();
        }
        if (PgTypes.sendAs(c) != null || value instanceof Range || value instanceof ObjectIdentifier) {
            return value.toString();
        }
        if (c.isRecord()) {
            return formatComposite(value);
        }
        if (c.isArray() || value instanceof Collection) {
            List<String> items = new ArrayList<>();
            char delimiter = ',';
            for (Object item : iterate(value)) {
                items.add(item == null ? null : format(item));
                if (item != null) {
                    delimiter = PgTypes.arrayDelimiter(null, item.getClass());
                }
            }
            return PgText.formatArray(items, delimiter);
        }
        throw new UnsupportedTypeException("No PostgreSQL text form is known for " + c.getName());
    }

    private static String formatComposite(Object record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        List<String> attrs = new ArrayList<>(components.length);
        for (RecordComponent rc : components) {
            try {
                java.lang.reflect.Method accessor = rc.getAccessor();
                accessor.setAccessible(true);
                Object v = accessor.invoke(record);
                attrs.add(v == null ? null : format(v));
            } catch (ReflectiveOperationException e) {
                throw new ConversionException("Could not read component " + rc.getName() + " of "
                        + record.getClass().getName(), e);
            }
        }
        return PgText.formatComposite(attrs);
    }

    /**
     * Iterates over a Java array (of any component type) or a collection.
     *
     * @param arrayOrCollection the value
     * @return its elements
     */
    public static List<Object> iterate(Object arrayOrCollection) {
        if (arrayOrCollection instanceof Collection) {
            return new ArrayList<>((Collection<?>) arrayOrCollection);
        }
        int n = Array.getLength(arrayOrCollection);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Array.get(arrayOrCollection, i));
        }
        return out;
    }

    /**
     * Returns the PostgreSQL type name a Java value is sent as, or {@code null} when the server should infer it.
     *
     * @param value the value (not null)
     * @return the type name or null
     */
    public static String pgTypeOf(Object value) {
        Class<?> c = value.getClass();
        String direct = PgTypes.sendAs(c);
        if (direct != null) {
            return direct;
        }
        if (value instanceof ObjectIdentifier) {
            return ((ObjectIdentifier) value).kind().typeName();
        }
        if (value instanceof Duration || value instanceof Period) {
            return "interval";
        }
        if (value instanceof Range) {
            Range<?> r = (Range<?>) value;
            Object bound = r.lower() != null ? r.lower() : r.upper();
            return bound == null ? null : PgTypes.rangeTypeFor(bound.getClass());
        }
        PgType annotation = c.getAnnotation(PgType.class);
        if (annotation != null) {
            return annotation.value();
        }
        if (value instanceof Long) {
            return "int8";
        } else if (value instanceof Integer) {
            return "int4";
        } else if (value instanceof Short) {
            return "int2";
        } else if (value instanceof BigDecimal || value instanceof BigInteger) {
            return "numeric";
        } else if (value instanceof Double) {
            return "float8";
        } else if (value instanceof Float) {
            return "float4";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof String || value instanceof Character) {
            return "text";
        } else if (value instanceof byte[]) {
            return "bytea";
        } else if (value instanceof UUID) {
            return "uuid";
        } else if (value instanceof LocalDate) {
            return "date";
        } else if (value instanceof LocalDateTime) {
            return "timestamp";
        } else if (value instanceof OffsetDateTime || value instanceof Instant || value instanceof ZonedDateTime) {
            return "timestamptz";
        } else if (value instanceof LocalTime) {
            return "time";
        } else if (value instanceof OffsetTime) {
            return "timetz";
        }
        return null;
    }

    /**
     * Returns the raw class of a type.
     *
     * @param t the type
     * @return its class
     */
    public static Class<?> rawClass(Type t) {
        if (t instanceof Class) {
            return (Class<?>) t;
        }
        if (t instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) t).getRawType();
        }
        if (t instanceof GenericArrayType) {
            return Array.newInstance(rawClass(((GenericArrayType) t).getGenericComponentType()), 0).getClass();
        }
        return Object.class;
    }

    static String describeType(String pgType) {
        return pgType == null ? "a value" : "a value of type " + pgType;
    }

    static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
