package io.pgconnector.mapping.internal;

import io.pgconnector.codec.Codec;
import io.pgconnector.errors.ConversionException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A user's {@link Codec} as the client uses it: its failures become {@link ConversionException}s that name the codec
 * and the type, and its type's details on the server (OID, array delimiter) are kept once resolved.
 */
public final class UserCodec implements TypeCodec {
    private final Codec<Object> codec;
    private final String typeName;
    private final String simpleName;
    private final int oid;
    private final char delimiter;

    @SuppressWarnings("unchecked")
    UserCodec(Codec<?> codec, int oid, char delimiter) {
        this.codec = (Codec<Object>) codec;
        this.typeName = codec.typeName();
        this.simpleName = simpleName(typeName);
        this.oid = oid;
        this.delimiter = delimiter;
    }

    /**
     * The unqualified, unquoted, lower-case form of a type name, as a column's type is compared with it.
     *
     * @param typeName a type name, maybe schema-qualified or quoted
     * @return the simple name
     */
    static String simpleName(String typeName) {
        String n = typeName.trim();
        int dot = n.lastIndexOf('.');
        if (dot >= 0) {
            n = n.substring(dot + 1);
        }
        if (n.startsWith("\"") && n.endsWith("\"") && n.length() > 1) {
            n = n.substring(1, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }

    /** {@return the user's codec} */
    Codec<Object> codec() {
        return codec;
    }

    /** {@return the type name as registered} */
    String typeName() {
        return typeName;
    }

    /** {@return the unqualified type name} */
    String simpleName() {
        return simpleName;
    }

    /** {@return the type's OID on the server, 0 when not resolved} */
    int oid() {
        return oid;
    }

    UserCodec resolved(int oid, char delimiter) {
        return new UserCodec(codec, oid, delimiter);
    }

    /**
     * Describes the codec for messages.
     *
     * @return {@code codec <class> for type <name>}
     */
    public String describe() {
        return "codec " + name(codec) + " for PostgreSQL type " + typeName + " (Java type "
                + codec.javaType().getName() + ")";
    }

    /**
     * Names a codec for messages: its class, or {@code Codec.of(...)} for one built by that factory.
     *
     * @param codec the codec
     * @return the name
     */
    static String name(Codec<?> codec) {
        Class<?> c = codec.getClass();
        return c.isAnonymousClass() && c.getEnclosingClass() == Codec.class ? "Codec.of(...)" : c.getName();
    }

    @Override
    public Class<?> javaClass() {
        return codec.javaType();
    }

    @Override
    public String pgTypeOf(Object value) {
        return typeName;
    }

    @Override
    public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setObject(index, BuiltInCodecs.pgObject(typeName, format(value)));
    }

    @Override
    public boolean parses() {
        return true;
    }

    @Override
    public Object parse(String text, String pgType) {
        Object v;
        try {
            v = codec.parse(text);
        } catch (RuntimeException e) {
            throw failed("parse a value", e);
        }
        if (v == null || !codec.javaType().isInstance(v)) {
            throw new ConversionException("The " + describe() + " returned " + (v == null ? "null"
                    : "a " + v.getClass().getName()) + " from parse");
        }
        return v;
    }

    @Override
    public String format(Object value) {
        String text;
        try {
            text = codec.format(value);
        } catch (RuntimeException e) {
            throw failed("format a value", e);
        }
        if (text == null) {
            throw new ConversionException("The " + describe() + " returned null from format");
        }
        return text;
    }

    /**
     * Converts a change event's field with the codec.
     *
     * @param value the field value, not null
     * @return the value
     * @throws ConversionException if the codec fails
     */
    public Object fromChangeEvent(Object value) {
        try {
            return codec.fromChangeEvent(value);
        } catch (RuntimeException e) {
            throw failed("convert a change event field", e);
        }
    }

    private ConversionException failed(String what, RuntimeException e) {
        // The value itself is left out: it may be sensitive.
        return new ConversionException("The " + describe() + " failed to " + what + ": " + e, e);
    }

    @Override
    public ColumnReader reader(String pgType) {
        return null;
    }

    @Override
    public boolean reads(String pgType) {
        return simpleName(pgType).equals(simpleName);
    }

    @Override
    public char arrayDelimiter() {
        return delimiter;
    }

    @Override
    public Object fromValue(Object value) {
        return null;
    }

    @Override
    public String toString() {
        return describe();
    }
}
