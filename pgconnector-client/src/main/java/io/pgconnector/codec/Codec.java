package io.pgconnector.codec;

import io.pgconnector.errors.ConversionException;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one PostgreSQL type that the client does not know (an extension's type, a domain, a type of your own) travels
 * as one Java type: its PostgreSQL text form in both directions. Register a codec per client
 * ({@code ClientOptions.builder().codec(...)} or {@code PostgresClient.builder().codec(...)}) or per CDC listener
 * ({@code CdcListener.builder().codec(...)}); a codec listed in {@code META-INF/services/io.pgconnector.codec.Codec}
 * (or {@code provides io.pgconnector.codec.Codec} in a module) is found by {@link java.util.ServiceLoader} too.
 *
 * <p>Once registered, a value of {@link #javaType()} (or of a subclass) is sent as a parameter of
 * {@link #typeName()}; a result column, an OUT parameter, an array element, a composite attribute or a change event
 * field of that type reads into {@code javaType()}, which is also the column's natural type in a {@code Map} row.
 * Arrays ({@code List<T>}, {@code T[]}) work with no more code. The last registration of a type or a Java class wins
 * (as in Jdbi): a later codec replaces an earlier one, the built-in types included; two codecs for one Java class in
 * one call of {@code codecs(...)} are refused.
 *
 * <p>A codec must be immutable and thread-safe: one instance serves every connection of a client. Its methods may
 * throw any runtime exception for bad input; the client reports it as a {@link ConversionException} naming the codec
 * and the type.
 *
 * <pre>{@code
 * Codec<Semver> semver = Codec.of("semver", Semver.class, Semver::parse, Semver::toString);
 * PostgresClient client = PostgresClient.builder().host("localhost").database("shop").codec(semver).build();
 * }</pre>
 *
 * @param <T> the Java type
 */
public interface Codec<T> {

    /**
     * Returns the PostgreSQL type name, as in {@code CREATE TYPE} or {@code CREATE EXTENSION} ({@code hstore},
     * {@code ltree}); it may be schema-qualified ({@code public.hstore}). The client looks it up on the server when
     * it starts and refuses to start if there is no such type.
     *
     * @return the type name
     */
    String typeName();

    /**
     * Returns the Java type the PostgreSQL type reads into; values of it, and of its subtypes, are sent as
     * {@link #typeName()}.
     *
     * @return the Java class
     */
    Class<T> javaType();

    /**
     * Formats a value in the type's PostgreSQL text input form (what {@code 'text'::type} accepts).
     *
     * @param value the value, never null
     * @return the text form
     */
    String format(T value);

    /**
     * Parses the type's PostgreSQL text output form (what {@code value::text} returns).
     *
     * @param text the text, never null
     * @return the value
     */
    T parse(String text);

    /**
     * Returns the delimiter between the elements of an array of this type ({@code pg_type.typdelim}): a comma
     * except for a few types such as {@code box}.
     *
     * @return the delimiter, {@code ','} unless overridden
     */
    default char arrayDelimiter() {
        return ',';
    }

    /**
     * Converts a field of a change event (as Debezium delivers the type: its text form, as a {@code String} for the
     * types Debezium knows, as UTF-8 bytes for the others) into {@link #javaType()}. The default keeps a value that
     * already has the Java type and parses a string or UTF-8 bytes; override it for a type that Debezium delivers in
     * another form.
     *
     * @param value the field value, never null
     * @return the value
     */
    default T fromChangeEvent(Object value) {
        if (javaType().isInstance(value)) {
            return javaType().cast(value);
        }
        if (value instanceof String) {
            return parse((String) value);
        }
        if (value instanceof byte[]) {
            return parse(new String((byte[]) value, StandardCharsets.UTF_8));
        }
        throw new ConversionException("A change event delivered " + typeName() + " as a "
                + value.getClass().getName() + ", which this codec cannot convert; override fromChangeEvent");
    }

    /**
     * Builds a codec from a parser and a formatter.
     *
     * @param typeName the PostgreSQL type name
     * @param javaType the Java class
     * @param parse    parses the text form
     * @param format   formats a value in the text form
     * @param <T>      the Java type
     * @return the codec
     * @throws NullPointerException if an argument is null
     */
    static <T> Codec<T> of(String typeName, Class<T> javaType, Function<String, ? extends T> parse,
            Function<? super T, String> format) {
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(javaType, "javaType");
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(format, "format");
        return new Codec<>() {
            @Override
            public String typeName() {
                return typeName;
            }

            @Override
            public Class<T> javaType() {
                return javaType;
            }

            @Override
            public String format(T value) {
                return format.apply(value);
            }

            @Override
            public T parse(String text) {
                return parse.apply(text);
            }

            @Override
            public String toString() {
                return "Codec[" + typeName + " <-> " + javaType.getName() + "]";
            }
        };
    }
}
