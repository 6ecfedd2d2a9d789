package io.pgconnector.client.internal;

import io.pgconnector.client.Row;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.ColumnReader;
import io.pgconnector.mapping.internal.ColumnReaders;
import io.pgconnector.mapping.internal.ResultShape;
import io.pgconnector.mapping.internal.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@link Row} given to mapping lambdas: a view of a result set's current row whose columns are read by the same
 * {@link ColumnReaders} as record components. The column layout (labels, types, the reader last used per column) is
 * kept per statement text, so a statement run again plans nothing.
 */
public final class ResultRow implements Row {
    private static final int LIMIT = 4096;
    private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();

    private final Shape shape;
    private final ResultSet rs;

    private ResultRow(Shape shape, ResultSet rs) {
        this.shape = shape;
        this.rs = rs;
    }

    /**
     * Returns a row view over a result set; it follows the result set as it moves.
     *
     * @param rs  the result set
     * @param sql the statement text that produced it, the key of the layout cache
     * @return the row
     * @throws SQLException if the metadata cannot be read
     */
    public static ResultRow over(ResultSet rs, String sql) throws SQLException {
        return over(rs, sql, CodecRegistry.BUILT_IN);
    }

    /**
     * Returns a row view over a result set that reads with a client's codecs.
     *
     * @param rs     the result set
     * @param sql    the statement text that produced it, the key of the layout cache
     * @param codecs the registry
     * @return the row
     * @throws SQLException if the metadata cannot be read
     */
    public static ResultRow over(ResultSet rs, String sql, CodecRegistry codecs) throws SQLException {
        Shape shape = SHAPES.get(sql);
        if (shape == null || shape.codecs != codecs || !shape.identity.matches(rs)) {
            shape = new Shape(RowMapper.columnsOf(rs.getMetaData()), ResultShape.of(rs), codecs);
            if (SHAPES.size() >= LIMIT) {
                SHAPES.clear();
            }
            SHAPES.put(sql, shape);
        }
        return new ResultRow(shape, rs);
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        return get(shape.indexOf(column), type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(int index, Class<T> type) {
        ColumnReader reader = shape.reader(index, type);
        Object value;
        try {
            value = reader.read(rs, index + 1);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e.getSQLState(), e);
        }
        if (value == null && type.isPrimitive()) {
            throw new TypeMismatchException("Column '" + label(index) + "' is NULL, which the primitive type "
                    + type.getName() + " cannot hold; ask for its boxed type");
        }
        return (T) value;
    }

    @Override
    public int size() {
        return shape.columns.size();
    }

    @Override
    public String label(int index) {
        return shape.columns.get(index).name();
    }

    @Override
    public String toString() {
        return "Row" + shape.columns.stream().map(ColumnInfo::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The columns of a result, with the reader planned for each one's last requested type. */
    private static final class Shape {
        private final List<ColumnInfo> columns;
        private final ResultShape identity;
        private final Map<String, Integer> byLabel = new HashMap<>();
        private final Map<String, Integer> byLooseLabel = new HashMap<>();
        private final Planned[] planned;
        private final CodecRegistry codecs;

        Shape(List<ColumnInfo> columns, ResultShape identity, CodecRegistry codecs) {
            this.columns = columns;
            this.identity = identity;
            this.codecs = codecs;
            this.planned = new Planned[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                byLabel.putIfAbsent(columns.get(i).name(), i);
                byLooseLabel.putIfAbsent(loose(columns.get(i).name()), i);
            }
        }

        int indexOf(String label) {
            Integer i = byLabel.get(label);
            if (i == null) {
                i = byLooseLabel.get(loose(label));
            }
            if (i == null) {
                throw new FieldMismatchException("The result has no column '" + label + "'; its columns are "
                        + columns.stream().map(ColumnInfo::name).collect(Collectors.joining(", ", "[", "]")));
            }
            return i;
        }

        ColumnReader reader(int index, Class<?> type) {
            // A lambda reads each column as the same type on every row, so one remembered plan per column suffices.
            Planned p = planned[index];
            if (p == null || p.type != type) {
                p = new Planned(type, ColumnReaders.plan(codecs, columns.get(index), type, null));
                planned[index] = p;
            }
            return p.reader;
        }

        private static String loose(String label) {
            return label.replace("_", "").toLowerCase(Locale.ROOT);
        }
    }

    private record Planned(Class<?> type, ColumnReader reader) {
    }
}
