package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.UnsupportedTypeException;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.internal.PgText;
import io.pgconnector.types.Range;
import org.postgresql.util.PGobject;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;

/**
 * Binds Java values as statement parameters. Standard Java types use the driver's typed setters; value types,
 * composites, ranges and arrays are sent in their text form with their PostgreSQL type name; strings and enums are
 * sent untyped so the server infers the column's type (a string can fill an enum, uuid or jsonb column).
 */
public final class ParameterBinder {
    /** Binds one value of a planned Java class. */
    @FunctionalInterface
    interface Bind {
        void bind(PreparedStatement ps, int index, Object value) throws SQLException;
    }

    private ParameterBinder() {
    }

    /**
     * Binds one parameter with the built-in codecs.
     *
     * @param ps    the statement
     * @param index the 1-based parameter index
     * @param value the value, or null for SQL NULL
     * @throws SQLException            if the driver refuses the value
     * @throws UnsupportedTypeException if the Java type cannot be sent
     * @throws ConversionException      if the value has no valid text form (an unpaired surrogate in a string)
     */
    public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        bind(CodecRegistry.BUILT_IN, ps, index, value);
    }

    /**
     * Binds one parameter with a client's codecs.
     *
     * @param codecs the registry
     * @param ps     the statement
     * @param index  the 1-based parameter index
     * @param value  the value, or null for SQL NULL
     * @throws SQLException            if the driver refuses the value
     * @throws UnsupportedTypeException if the Java type cannot be sent
     * @throws ConversionException      if the value has no valid text form, or a codec failed
     */
    public static void bind(CodecRegistry codecs, PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
            return;
        }
        try {
            codecs.binders.get(value.getClass()).bind(ps, index, value);
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

    /** Plans how values of a class are bound: by their codec, else as a structure (enum, range, array, ...). */
    static Bind binderFor(Class<?> c, CodecRegistry codecs) {
        TypeCodec codec = codecs.forClass(c);
        if (codec != null) {
            return codec::bind;
        } else if (java.util.Date.class.isAssignableFrom(c)) {
            return PreparedStatement::setObject;
        } else if (c.isEnum()) {
            PgType t = c.getAnnotation(PgType.class);
            if (t != null) {
                return (ps, i, v) -> ps.setObject(i, pgObject(t.value(), TextCodec.enumLabel((Enum<?>) v)));
            }
            return (ps, i, v) -> ps.setObject(i, TextCodec.enumLabel((Enum<?>) v), Types.OTHER);
        } else if (Range.class.isAssignableFrom(c) || (c.isRecord() && c.isAnnotationPresent(PgType.class))) {
            return (ps, i, v) -> bindTyped(codecs, ps, i, v);
        } else if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            return (ps, i, v) -> bindArray(codecs, ps, i, v);
        } else if (c.getName().startsWith("com.fasterxml.jackson.databind.")) {
            // A Jackson JsonNode (Jackson is optional): its toString() is its JSON text.
            return (ps, i, v) -> ps.setObject(i, pgObject("jsonb", v.toString()));
        }
        return (ps, i, v) -> {
            throw new UnsupportedTypeException("cannot send a value of Java type " + c.getName()
                    + "; use a supported type (see the type table in the docs), convert it first, or register a "
                    + "codec for it");
        };
    }

    private static void bindTyped(CodecRegistry codecs, PreparedStatement ps, int index, Object value)
            throws SQLException {
        String type = TextCodec.pgTypeOf(value, codecs);
        String text = Surrogates.checked(TextCodec.format(value, codecs));
        if (type == null) {
            ps.setObject(index, text, Types.OTHER);
        } else {
            ps.setObject(index, pgObject(type, text));
        }
    }

    private static void bindArray(CodecRegistry codecs, PreparedStatement ps, int index, Object value)
            throws SQLException {
        List<Object> items = TextCodec.iterate(value);
        String elementType = null;
        boolean allNull = true;
        for (Object item : items) {
            if (item != null) {
                elementType = elementTypeName(item, codecs);
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
                    codecs.arrayDelimiter(elementType != null ? elementType : parameterElementType(ps, index),
                            Object.class));
        } else {
            text = Surrogates.checked(TextCodec.format(value, codecs));
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
    private static String elementTypeName(Object item, CodecRegistry codecs) {
        if (item instanceof Enum) {
            PgType t = item.getClass().getAnnotation(PgType.class);
            return t == null ? null : t.value();
        }
        if (item instanceof String || item instanceof Character) {
            return null;
        }
        return TextCodec.pgTypeOf(item, codecs);
    }

    private static PGobject pgObject(String type, String text) throws SQLException {
        PGobject o = new PGobject();
        o.setType(type);
        o.setValue(Surrogates.checked(text));
        return o;
    }
}
