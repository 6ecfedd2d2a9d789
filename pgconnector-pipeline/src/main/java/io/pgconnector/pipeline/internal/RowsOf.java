package io.pgconnector.pipeline.internal;

import io.pgconnector.client.Row;
import io.pgconnector.client.internal.ValuesRow;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.RowMapper;

import java.util.List;
import java.util.function.Function;

/**
 * How pipelined rows become values: the row mapper of a class (the same plan as on the JDBC engine, fed the column
 * values as the COPY and CDC paths feed it), or a user's lambda over a {@link Row} whose columns are read the same way.
 *
 * @param <T> the row type
 */
@FunctionalInterface
interface RowsOf<T> {

    /** Maps one row given as column values. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Object[] values);
    }

    Reader<T> open(List<ColumnInfo> columns);

    /**
     * The type whose row mapper this reads with, or null for a lambda: a plan keeps the reader of a type, so that
     * the row mapper is not looked up again for every statement.
     *
     * @return the type, or null
     */
    default Class<T> type() {
        return null;
    }

    static <T> RowsOf<T> type(CodecRegistry codecs, Class<T> type) {
        return new RowsOf<>() {
            @Override
            public Reader<T> open(List<ColumnInfo> columns) {
                return RowMapper.forColumns(type, columns, codecs)::fromValues;
            }

            @Override
            public Class<T> type() {
                return type;
            }
        };
    }

    static <T> RowsOf<T> mapper(CodecRegistry codecs, Function<? super Row, ? extends T> mapper) {
        return columns -> {
            // One view per result, moved from row to row (as copyOut does): the lambda reads it during its call only.
            ValuesRow row = new ValuesRow(columns, codecs);
            return values -> mapper.apply(row.at(values));
        };
    }
}
