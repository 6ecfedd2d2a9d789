package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.errors.UnsupportedTypeException;
import io.pgconnector.mapping.Column;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.Json;
import io.pgconnector.types.internal.PgText;
import io.pgconnector.types.Range;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
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
        return parse(text, target, pgType, CodecRegistry.BUILT_IN);
    }

    /**
     * Parses PostgreSQL text into a Java value of the target type, with a client's codecs.
     *
     * @param text   the text (not null)
     * @param target the Java type wanted; {@code Object} means the natural type of {@code pgType}
     * @param pgType the PostgreSQL type of the text, or {@code null} if unknown
     * @param codecs the registry
     * @return the value
     * @throws ConversionException   if the text is not a valid value
     * @throws TypeMismatchException if the target cannot hold a value of the type
     */
    public static Object parse(String text, Type target, String pgType, CodecRegistry codecs) {
        if (target == Object.class) {
            target = pgType == null ? String.class : codecs.naturalType(pgType);
        }
        if (isJson(pgType) && isJacksonTarget(rawClass(target))) {
            // A json column read into a JsonNode, a Map or a user type: Jackson (optional) builds it.
            return Json.of(text).read(rawClass(target));
        }
        if (target instanceof Class) {
            return parseClass(text, (Class<?>) target, pgType, codecs);
        }
        if (target instanceof ParameterizedType) {
            ParameterizedType pt = (ParameterizedType) target;
            Class<?> raw = (Class<?>) pt.getRawType();
            Type arg = pt.getActualTypeArguments()[0];
            if (raw == Range.class) {
                return parseRange(text, arg, pgType, codecs);
            }
            if (Collection.class.isAssignableFrom(raw) || raw == Iterable.class) {
                return parseList(text, arg, pgType == null ? null : elementTypeOf(pgType), codecs);
            }
            if (raw == java.util.Optional.class) {
                return java.util.Optional.ofNullable(parse(text, arg, pgType, codecs));
            }
            UserCodec user = codecs.forType(pgType);
            if (user != null && raw.isAssignableFrom(user.javaClass())) {
                // A user codec's generic type (Map<String, String> for hstore).
                return user.parse(text, pgType);
            }
        }
        if (target instanceof GenericArrayType) {
            Type component = ((GenericArrayType) target).getGenericComponentType();
            List<?> list = parseList(text, component, pgType == null ? null : elementTypeOf(pgType), codecs);
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
                || BuiltInCodecs.isValueType(c) || (c.isRecord() && c.isAnnotationPresent(PgType.class)));
    }

    private static Object parseClass(String text, Class<?> c, String pgType, CodecRegistry codecs) {
        if (c == Object.class) {
            return text;
        }
        UserCodec user = codecs.forType(pgType);
        if (user != null && c.isAssignableFrom(user.javaClass())) {
            return user.parse(text, pgType);
        }
        TypeCodec codec = codecs.forClass(c);
        if (codec instanceof UserCodec && pgType != null && !codec.reads(pgType)) {
            // A user's codec of this class parses its own type only; text of another type is read as built in.
            codec = BuiltInCodecs.forClass(c);
        }
        if (codec != null && codec.parses()) {
            if (codec instanceof UserCodec) {
                return codec.parse(text, pgType);
            }
            try {
                return codec.parse(text, pgType);
            } catch (ConversionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConversionException("invalid " + c.getSimpleName() + " value '" + shorten(text) + "' from "
                        + describeType(pgType) + ": " + e.getMessage(), e);
            }
        }
        if (c.isEnum()) {
            return parseEnum(text, c);
        }
        if (c.isRecord()) {
            return parseComposite(text, c, codecs);
        }
        if (c.isArray()) {
            Class<?> component = c.getComponentType();
            List<?> list = parseList(text, component, pgType == null ? null : elementTypeOf(pgType), codecs);
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
            return parseList(text, Object.class, pgType == null ? null : elementTypeOf(pgType), codecs);
        }
        if (c == Range.class) {
            return parseRange(text, Object.class, pgType, codecs);
        }
        throw new UnsupportedTypeException("Cannot read " + describeType(pgType) + " into " + c.getName()
                + ": no mapping is registered for that Java type");
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

    private static Object parseComposite(String text, Class<?> recordClass, CodecRegistry codecs) {
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
                args[i] = parse(attr, rc.getGenericType(), null, codecs);
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

    private static List<Object> parseList(String text, Type elementType, String elementPgType,
            CodecRegistry codecs) {
        List<String> items = PgText.parseArray(text, codecs.arrayDelimiter(elementPgType, rawClass(elementType)));
        List<Object> out = new ArrayList<>(items.size());
        for (String item : items) {
            out.add(item == null ? null : parse(item, elementType, elementPgType, codecs));
        }
        return out;
    }

    private static Range<?> parseRange(String text, Type elementType, String pgType, CodecRegistry codecs) {
        Type element = elementType;
        if (element == Object.class || element instanceof java.lang.reflect.WildcardType) {
            Class<?> natural = pgType == null ? null : PgTypes.rangeElement(pgType);
            element = natural == null ? String.class : natural;
        }
        Type finalElement = element;
        String elementPg = pgType == null ? null : rangeElementPgType(pgType);
        return parseRangeRaw(text, s -> parse(s, finalElement, elementPg, codecs));
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

    /**
     * Formats a Java value in PostgreSQL's text input form, as used inside arrays and composites and for value
     * types the driver does not know.
     *
     * @param value the value (not null)
     * @return the text
     * @throws UnsupportedTypeException if the type has no text form
     */
    public static String format(Object value) {
        return format(value, CodecRegistry.BUILT_IN);
    }

    /**
     * Formats a Java value in PostgreSQL's text input form with a client's codecs.
     *
     * @param value  the value (not null)
     * @param codecs the registry
     * @return the text
     * @throws UnsupportedTypeException if the type has no text form
     */
    public static String format(Object value, CodecRegistry codecs) {
        Class<?> c = value.getClass();
        TypeCodec codec = codecs.forClass(c);
        if (codec != null) {
            return codec.format(value);
        }
        if (value instanceof Enum) {
            return enumLabel((Enum<?>) value);
        }
        if (value instanceof Range) {
            return value.toString();
        }
        if (c.isRecord()) {
            return formatComposite(value, codecs);
        }
        if (c.isArray() || value instanceof Collection) {
            List<String> items = new ArrayList<>();
            char delimiter = ',';
            for (Object item : iterate(value)) {
                items.add(item == null ? null : format(item, codecs));
                if (item != null) {
                    delimiter = codecs.arrayDelimiter(null, item.getClass());
                }
            }
            return PgText.formatArray(items, delimiter);
        }
        throw new UnsupportedTypeException("No PostgreSQL text form is known for " + c.getName());
    }

    private static String formatComposite(Object record, CodecRegistry codecs) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        List<String> attrs = new ArrayList<>(components.length);
        for (RecordComponent rc : components) {
            try {
                java.lang.reflect.Method accessor = rc.getAccessor();
                accessor.setAccessible(true);
                Object v = accessor.invoke(record);
                attrs.add(v == null ? null : format(v, codecs));
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
     * @param value  the value (not null)
     * @param codecs the registry
     * @return the type name or null
     */
    public static String pgTypeOf(Object value, CodecRegistry codecs) {
        Class<?> c = value.getClass();
        TypeCodec codec = codecs.forClass(c);
        if (codec != null) {
            return codec.pgTypeOf(value);
        }
        if (value instanceof Range) {
            Range<?> r = (Range<?>) value;
            Object bound = r.lower() != null ? r.lower() : r.upper();
            return bound == null ? null : PgTypes.rangeTypeFor(bound.getClass());
        }
        PgType annotation = c.getAnnotation(PgType.class);
        return annotation == null ? null : annotation.value();
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
