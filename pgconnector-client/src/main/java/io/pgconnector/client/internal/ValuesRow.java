package io.pgconnector.client.internal;

import io.pgconnector.client.Row;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.Conversions;
import io.pgconnector.mapping.internal.RowMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@link Row} given to mapping lambdas over rows that arrive as values in their columns' natural Java types (a
 * {@code copyOut}, a pipelined result): a column is read into the asked type by {@link Conversions}, as
 * {@link RowMapper#fromValues} reads record components, with the same codecs ({@link ResultRow} is its twin over a
 * result set). One instance serves every row of a result: {@link #at} moves it, so a lambda must not keep it.
 */
public final class ValuesRow implements Row {
    private final List<ColumnInfo> columns;
    private final CodecRegistry codecs;
    // Built on the first read by name: a lambda that reads by index, or a one-row result, never pays for them.
    private Map<String, Integer> byLabel;
    private Map<String, Integer> byLooseLabel;
    private Object[] values;

    /**
     * Creates the row view of a result's columns.
     *
     * @param columns the columns, in order
     * @param codecs  the registry
     */
    public ValuesRow(List<ColumnInfo> columns, CodecRegistry codecs) {
        this.columns = List.copyOf(columns);
        this.codecs = codecs;
    }

    /**
     * Points the view at a row's values.
     *
     * @param row the values, indexed like the columns
     * @return this view
     */
    public ValuesRow at(Object[] row) {
        this.values = row;
        return this;
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        return get(indexOf(column), type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(int index, Class<T> type) {
        if (index < 0 || index >= columns.size()) {
            throw new FieldMismatchException("The result has no column at index " + index + "; it has "
                    + columns.size() + " columns " + labels());
        }
        ColumnInfo column = columns.get(index);
        Object value = Conversions.convert(values[index], column,
                type.isPrimitive() ? boxed(type) : type, codecs);
        if (value == null && type.isPrimitive()) {
            throw new TypeMismatchException("Column '" + column.name() + "' is NULL, which the primitive type "
                    + type.getName() + " cannot hold; ask for its boxed type");
        }
        return (T) value;
    }

    /** The wrapper of a primitive class (no MethodType per value: this runs once per column and row). */
    private static Class<?> boxed(Class<?> c) {
        return c == long.class ? Long.class : c == int.class ? Integer.class : c == double.class ? Double.class
                : c == boolean.class ? Boolean.class : c == short.class ? Short.class : c == float.class ? Float.class
                : c == byte.class ? Byte.class : c == char.class ? Character.class : Void.class;
    }

    @Override
    public int size() {
        return columns.size();
    }

    @Override
    public String label(int index) {
        return columns.get(index).name();
    }

    private int indexOf(String label) {
        if (byLabel == null) {
            Map<String, Integer> exact = new HashMap<>();
            Map<String, Integer> loose = new HashMap<>();
            for (int k = 0; k < columns.size(); k++) {
                exact.putIfAbsent(columns.get(k).name(), k);
                loose.putIfAbsent(loose(columns.get(k).name()), k);
            }
            byLabel = exact;
            byLooseLabel = loose;
        }
        Integer i = byLabel.get(label);
        if (i == null) {
            i = byLooseLabel.get(loose(label));
        }
        if (i == null) {
            throw new FieldMismatchException("The result has no column '" + label + "'; its columns are " + labels());
        }
        return i;
    }

    private String labels() {
        return columns.stream().map(ColumnInfo::name).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String loose(String label) {
        return label.replace("_", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Row" + labels();
    }
}
