package io.pgconnector.codec;

import io.pgconnector.types.Ltree;

/**
 * The codec of the {@code ltree} extension ({@code CREATE EXTENSION ltree}): label paths as {@link Ltree}. Register
 * it to send an {@code Ltree} as an {@code ltree} parameter and to read {@code ltree} columns, OUT parameters, arrays
 * and change event fields as {@code Ltree} (an {@code ltree} column can always be read as a {@code String} too).
 */
public final class LtreeCodec implements Codec<Ltree> {

    /** Creates the codec. */
    public LtreeCodec() {
    }

    @Override
    public String typeName() {
        return "ltree";
    }

    @Override
    public Class<Ltree> javaType() {
        return Ltree.class;
    }

    @Override
    public String format(Ltree value) {
        return value.toString();
    }

    @Override
    public Ltree parse(String text) {
        return Ltree.parse(text);
    }

    @Override
    public String toString() {
        return "LtreeCodec";
    }
}
