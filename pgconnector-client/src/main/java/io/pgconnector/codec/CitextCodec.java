package io.pgconnector.codec;

import io.pgconnector.types.Citext;

/**
 * The codec of the {@code citext} extension ({@code CREATE EXTENSION citext}): case-insensitive text as
 * {@link Citext}. Register it to send a {@code Citext} as a {@code citext} parameter and to read {@code citext}
 * columns, OUT parameters, arrays and change event fields as {@code Citext}. Without it (or when asked for a
 * {@code String}), a {@code citext} column reads as a {@code String}, and a {@code String} parameter fills a
 * {@code citext} column as it fills any text column.
 */
public final class CitextCodec implements Codec<Citext> {

    /** Creates the codec. */
    public CitextCodec() {
    }

    @Override
    public String typeName() {
        return "citext";
    }

    @Override
    public Class<Citext> javaType() {
        return Citext.class;
    }

    @Override
    public String format(Citext value) {
        return value.text();
    }

    @Override
    public Citext parse(String text) {
        return Citext.of(text);
    }

    @Override
    public String toString() {
        return "CitextCodec";
    }
}
