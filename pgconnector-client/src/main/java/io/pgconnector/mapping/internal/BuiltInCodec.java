package io.pgconnector.mapping.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One built-in codec of {@link BuiltInCodecs}: its parts are set once, by the table's builder-style calls, before the
 * codec is published; by default a value binds as its text with its type name.
 */
final class BuiltInCodec implements TypeCodec {
    /** Binds one value. */
    @FunctionalInterface
    interface Bind {
        void bind(PreparedStatement ps, int index, Object value) throws SQLException;
    }

    private final Class<?> javaClass;
    private final String pgType;
    private Function<Object, String> typeOf;
    private Bind bind;
    private BiFunction<String, String, Object> parse;
    private Function<Object, String> format = Object::toString;
    private Function<String, ColumnReader> reader = pg -> null;
    private Predicate<String> reads = pg -> false;
    private Function<Object, Object> fromValue = v -> null;
    private char delimiter = ',';
    /** Whether this is a value type of io.pgconnector.types (sent with its own type name). */
    boolean valueType;

    BuiltInCodec(Class<?> javaClass, String pgType) {
        this.javaClass = javaClass;
        this.pgType = pgType;
        this.typeOf = v -> pgType;
        // By default a value goes as its text with its type name (value types, interval, money).
        this.bind = (ps, i, v) -> ps.setObject(i, BuiltInCodecs.pgObject(typeOf.apply(v), format.apply(v)));
    }

    BuiltInCodec bind(Bind b) {
        this.bind = b;
        return this;
    }

    BuiltInCodec typeOf(Function<Object, String> f) {
        this.typeOf = f;
        return this;
    }

    BuiltInCodec parse(BiFunction<String, String, Object> p) {
        this.parse = p;
        return this;
    }

    BuiltInCodec format(Function<Object, String> f) {
        this.format = f;
        return this;
    }

    BuiltInCodec reader(Function<String, ColumnReader> r) {
        this.reader = r;
        return this;
    }

    BuiltInCodec alsoReads(String... pgTypes) {
        Set<String> set = Set.of(pgTypes);
        this.reads = set::contains;
        return this;
    }

    BuiltInCodec alsoReads(Predicate<String> p) {
        this.reads = p;
        return this;
    }

    BuiltInCodec fromValue(Function<Object, Object> f) {
        this.fromValue = f;
        return this;
    }

    /** The binary form of the codec's own type and class. */
    BuiltInCodec binary(BinaryCodecs.Encoder encoder, BinaryCodecs.Decoder decoder) {
        return binary(encoder, decoder, Set.of(javaClass), pgType);
    }

    /** The binary form of some types, written from some classes as they are. */
    BuiltInCodec binary(BinaryCodecs.Encoder encoder, BinaryCodecs.Decoder decoder, Set<Class<?>> accepts,
            String... pgTypes) {
        for (String t : pgTypes) {
            BuiltInCodecs.binary(t, BinaryCodecs.of(t, accepts, encoder, decoder));
        }
        return this;
    }

    BuiltInCodec delimiter(char d) {
        this.delimiter = d;
        return this;
    }

    @Override
    public Class<?> javaClass() {
        return javaClass;
    }

    @Override
    public String pgTypeOf(Object value) {
        return typeOf.apply(value);
    }

    @Override
    public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        bind.bind(ps, index, value);
    }

    @Override
    public boolean parses() {
        return parse != null;
    }

    @Override
    public Object parse(String text, String pgType) {
        return parse.apply(text, pgType);
    }

    @Override
    public String format(Object value) {
        return format.apply(value);
    }

    @Override
    public ColumnReader reader(String pgType) {
        return reader.apply(pgType);
    }

    @Override
    public boolean reads(String pgType) {
        return reads.test(pgType);
    }

    @Override
    public char arrayDelimiter() {
        return delimiter;
    }

    @Override
    public Object fromValue(Object value) {
        return fromValue.apply(value);
    }

    @Override
    public String toString() {
        return "built-in codec " + javaClass.getSimpleName() + (pgType == null ? "" : " <-> " + pgType);
    }
}
