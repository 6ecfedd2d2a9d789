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
