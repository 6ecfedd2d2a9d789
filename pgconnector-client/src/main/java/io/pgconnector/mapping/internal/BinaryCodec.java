package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;

/**
 * One PostgreSQL type in the server's binary format (the {@code typsend}/{@code typreceive} form used by binary COPY
 * and binary parameters): its natural Java class, how a value is written and how one is read. The registry is
 * {@link BinaryCodecs}; a future public codec SPI adopts these as they are.
 */
public interface BinaryCodec {

    /**
     * Returns the PostgreSQL type name ({@code pg_type.typname}).
     *
     * @return the type name
     */
    String pgType();

    /**
     * Tells whether values of a class are written as they are, with no conversion.
     *
     * @param type the value's class
     * @return true for the codec's own Java classes
     */
    boolean accepts(Class<?> type);

    /**
     * Tells whether a value is written as it is, with no conversion: its class is {@link #accepts(Class) accepted},
     * and so are an array's elements and a range's bounds (checked on the first one that is not null).
     *
     * @param value the value, not null
     * @return true if no part of the value needs a conversion
     */
    default boolean acceptsAsIs(Object value) {
        return accepts(value.getClass());
    }

    /**
     * Writes a value of an accepted class, without its length.
     *
     * @param value the value, not null, of an {@link #accepts(Class) accepted} class
     * @param out   the buffer
     * @throws ConversionException if the value has no binary form (out of range, say)
     */
    void encode(Object value, BinaryBuffer out);

    /**
     * Reads a value in the type's natural Java class (as {@link PgTypes#naturalType(String)} names it).
     *
     * @param bytes  the buffer
     * @param offset where the value starts
     * @param length its length in bytes
     * @return the value
     * @throws ConversionException if the value has no Java form (a numeric NaN as BigDecimal, say)
     */
    Object decode(byte[] bytes, int offset, int length);
}
