package io.pgconnector.pipeline.internal;

import io.pgconnector.client.Row;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.RowMapper;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    static <T> RowsOf<T> type(CodecRegistry codecs, Class<T> type) {
        return columns -> RowMapper.forColumns(type, columns, codecs)::fromValues;
    }

    static <T> RowsOf<T> mapper(CodecRegistry codecs, Function<? super Row, ? extends T> mapper) {
        return columns -> values -> mapper.apply(new ValuesRow(columns, values, codecs));
    }

    /** A row of column values; {@code get} reads a column as the JDBC engine's {@code Row} does. */
    final class ValuesRow implements Row {
        private final List<ColumnInfo> columns;
        private final Object[] values;
        private final CodecRegistry codecs;

        ValuesRow(List<ColumnInfo> columns, Object[] values, CodecRegistry codecs) {
            this.columns = columns;
            this.values = values;
            this.codecs = codecs;
        }

        @Override
        public <T> T get(String column, Class<T> type) {
            return get(indexOf(column), type);
        }

        @Override
        public <T> T get(int index, Class<T> type) {
            T value = RowMapper.forColumns(boxed(type), List.of(columns.get(index)), codecs)
                    .fromValues(new Object[] {values[index]});
            if (value == null && type.isPrimitive()) {
                throw new TypeMismatchException("Column '" + label(index) + "' is NULL, which the primitive type "
                        + type.getName() + " cannot hold; ask for its boxed type");
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        private static <T> Class<T> boxed(Class<T> type) {
            if (!type.isPrimitive()) {
                return type;
            }
            return (Class<T>) java.lang.invoke.MethodType.methodType(type).wrap().returnType();
        }

        private int indexOf(String label) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(label)) {
                    return i;
                }
            }
            String loose = loose(label);
            for (int i = 0; i < columns.size(); i++) {
                if (loose(columns.get(i).name()).equals(loose)) {
                    return i;
                }
            }
            throw new FieldMismatchException("The result has no column '" + label + "'; its columns are "
                    + columns.stream().map(ColumnInfo::name).collect(Collectors.joining(", ", "[", "]")));
        }

        private static String loose(String label) {
            return label.replace("_", "").toLowerCase(Locale.ROOT);
        }

        @Override
        public int size() {
            return columns.size();
        }

        @Override
        public String label(int index) {
            return columns.get(index).name();
        }

        @Override
        public String toString() {
            return "Row" + columns.stream().map(ColumnInfo::name).collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
