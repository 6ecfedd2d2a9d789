package io.pgconnector.client.internal;

import io.pgconnector.client.Row;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.MapperCache;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the rows of a result become values: the planned mapper of a class, or a user's lambda over a {@link Row}. Every
 * reading verb (stream, single row, optional, list) takes one, so each verb exists once for both forms.
 *
 * @param <T> the row type
 */
@FunctionalInterface
interface RowSource<T> {

    /** Reads the current row of a result set. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Plans the reading of a result, once per execution.
     *
     * @param rs  the result set, before its first row
     * @param sql the statement text, the key of the plan caches
     * @param codecs the client's codecs
     * @return the reader of its rows
     * @throws SQLException if the metadata cannot be read
     */
    Reader<T> open(ResultSet rs, String sql, CodecRegistry codecs) throws SQLException;

    static <T> RowSource<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return (rs, sql, codecs) -> MapperCache.forResultSet(type, rs, sql, codecs)::read;
    }

    static <T> RowSource<T> of(Function<? super Row, ? extends T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (rs, sql, codecs) -> {
            ResultRow row = ResultRow.over(rs, sql, codecs);
            return ignored -> mapper.apply(row);
        };
    }
}
