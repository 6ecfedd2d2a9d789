package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Everything the client knows about one Java type and the PostgreSQL type it travels as: how a value binds as a
 * parameter, how a result column reads into it (the driver's fast path included), its text parse and format, its
 * array delimiter, and how a value already in Java form (a change event field) converts to it. Built-in codecs are
 * listed in {@link BuiltInCodecs}; users' codecs ({@link io.pgconnector.codec.Codec}) are adapted by
 * {@link UserCodec}. The registry that every path consults is {@link CodecRegistry}.
 */
public interface TypeCodec {

    /**
     * Returns the Java class of the values this codec binds and builds.
     *
     * @return the class
     */
    Class<?> javaClass();

    /**
     * Returns the PostgreSQL type a value is sent as (and an array of them as {@code type[]}), or null when the
     * value goes untyped and the server infers its type.
     *
     * @param value the value, not null
     * @return the type name or null
     */
    String pgTypeOf(Object value);

    /**
     * Binds a value as a statement parameter.
     *
     * @param ps    the statement
     * @param index the 1-based index
     * @param value the value, not null
     * @throws SQLException if the driver refuses it
     */
    void bind(PreparedStatement ps, int index, Object value) throws SQLException;

    /**
     * Tells whether {@link #parse} builds values (a few types are only sent, never read).
     *
     * @return true if text can be parsed
     */
    boolean parses();

    /**
     * Parses PostgreSQL text into a value of {@link #javaClass()}.
     *
     * @param text   the text, not null
     * @param pgType the PostgreSQL type of the text, or null when unknown (a composite attribute)
     * @return the value
     * @throws ConversionException if the text is not a valid value
     */
    Object parse(String text, String pgType);

    /**
     * Formats a value in PostgreSQL's text input form.
     *
     * @param value the value, not null
     * @return the text
     */
    String format(Object value);

    /**
     * Returns the driver's direct reader of a column of the type into {@link #javaClass()}, or null when the column
     * is read through its text form.
     *
     * @param pgType the column's type name
     * @return the reader or null
     */
    ColumnReader reader(String pgType);

    /**
     * Tells whether a column of a type that naturally reads into another class can be read into this one (a
     * {@code timestamptz} into an {@code Instant}, an {@code interval} into a {@code Duration}).
     *
     * @param pgType the column's type name
     * @return true if the column may be read into {@link #javaClass()}
     */
    boolean reads(String pgType);

    /**
     * Returns the delimiter between array elements of the type.
     *
     * @return the delimiter
     */
    char arrayDelimiter();

    /**
     * Converts a value in another Java form (as a change event or the driver delivers it) straight into
     * {@link #javaClass()}, without going through text, or returns null when there is no direct conversion.
     *
     * @param value the value, not null
     * @return the converted value or null
     */
    Object fromValue(Object value);
}
