package io.pgconnector.pipeline.internal;

import io.pgconnector.client.Sql;
import io.pgconnector.client.internal.SqlScanner;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.ParameterBinder;
import io.pgconnector.mapping.internal.RowMapper;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How one statement text, with one set of parameter classes, runs on the pipelined engine: the text with numbered,
 * typed parameters, and its result columns as the JDBC engine describes them; or the decision that it stays on the
 * JDBC engine because a parameter or column type is outside the set whose values both engines read alike.
 *
 * <p>The statement is described once through pgjdbc with the values bound by pgconnector's own
 * {@link ParameterBinder}, so the server resolves each parameter to the type it would have with the JDBC engine;
 * the pipelined text casts each parameter to that type ({@code $1::int8}), which makes the server resolve it the same
 * way again.
 */
final class Plan {
    /** Column types whose values arrive from the pipelined engine in the same Java form as from pgjdbc. */
    static final Set<String> COLUMN_TYPES = Set.of("int2", "int4", "int8", "float4", "float8", "bool",
            "text", "varchar", "bpchar", "name", "uuid", "date", "timestamp", "timestamptz");
    /**
     * Parameter types the pipelined engine encodes like pgjdbc. Not a column type: the Vert.x client 5.0.7 fails to
     * decode a numeric infinity and closes the connection, failing every statement pipelined on it.
     */
    static final Set<String> PARAMETER_ONLY = Set.of("numeric");
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name");
    /** For each parameter class bound by a typed setter, the type pgjdbc sends it as. */
    private static final Map<Class<?>, String> TYPED = Map.of(Long.class, "int8", Integer.class, "int4",
            Short.class, "int2", BigDecimal.class, "numeric", Double.class, "float8", Float.class, "float4",
            Boolean.class, "bool", UUID.class, "uuid");

    final Class<?>[] parameterClasses;
    /** The statement for the pipelined engine, or null when the statement stays on the JDBC engine. */
    final String pipelinedText;
    final List<ColumnInfo> columns;
    /** Whether the statement returns rows. */
    final boolean returnsRows;
    /** The last type read from this statement's rows and its reader, as {@code {Class, RowsOf.Reader}}. */
    private volatile Object[] typed;

    private Plan(Class<?>[] parameterClasses, String pipelinedText, List<ColumnInfo> columns, boolean returnsRows) {
        this.parameterClasses = parameterClasses;
        this.pipelinedText = pipelinedText;
        this.columns = columns;
        this.returnsRows = returnsRows;
    }

    /**
     * The reader of this statement's rows: for a type, the one made for the last statement read into that type
     * (the same row mapper {@link RowMapper#forColumns} would return), else a new one.
     */
    @SuppressWarnings("unchecked")
    <T> RowsOf.Reader<T> reader(RowsOf<T> rows) {
        Class<T> type = rows.type();
        if (type == null) {
            return rows.open(columns);
        }
        Object[] last = typed;
        if (last != null && last[0] == type) {
            return (RowsOf.Reader<T>) last[1];
        }
        RowsOf.Reader<T> reader = rows.open(columns);
        typed = new Object[] {type, reader};
        return reader;
    }

    static Class<?>[] classesOf(List<Object> values) {
        Class<?>[] classes = new Class<?>[values.size()];
        for (int i = 0; i < classes.length; i++) {
            Object v = values.get(i);
            classes[i] = v == null ? null : v.getClass();
        }
        return classes;
    }

    boolean fits(List<Object> values) {
        if (values.size() != parameterClasses.length) {
            return false;
        }
        for (int i = 0; i < parameterClasses.length; i++) {
            Object v = values.get(i);
            if ((v == null ? null : v.getClass()) != parameterClasses[i]) {
                return false;
            }
        }
        return true;
    }

    static Plan jdbcOnly(List<Object> values) {
        return new Plan(classesOf(values), null, null, false);
    }

    /**
     * Describes a statement through a JDBC connection (no execution) and decides where it runs.
     *
     * @param c   a connection of the JDBC engine
     * @param sql    the statement
     * @param codecs the client's codecs, which bind the values
     * @return the plan
     * @throws SQLException if the server cannot describe it (a syntax error, an unknown table)
     */
    static Plan describe(Connection c, Sql sql, CodecRegistry codecs) throws SQLException {
        Class<?>[] classes = classesOf(sql.values());
        if (sql.text().contains("??") || sql.text().indexOf(';') >= 0) {
            // An escaped jsonb operator, or several statements: pgjdbc's rewriting of the text is needed.
            return new Plan(classes, null, null, false);
        }
        for (Class<?> k : classes) {
            if (k != null && k != String.class && !TYPED.containsKey(k)) {
                return new Plan(classes, null, null, false);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            for (int i = 0; i < classes.length; i++) {
                ParameterBinder.bind(codecs, ps, i + 1, sql.values().get(i));
            }
            ResultSetMetaData md = ps.getMetaData();
            List<ColumnInfo> columns = md == null ? List.of() : RowMapper.columnsOf(md);
            for (ColumnInfo column : columns) {
                if (!COLUMN_TYPES.contains(column.pgType())) {
                    return new Plan(classes, null, null, md != null);
                }
            }
            ParameterMetaData pmd = ps.getParameterMetaData();
            String[] casts = new String[classes.length];
            for (int i = 0; i < classes.length; i++) {
                String type = pmd.getParameterTypeName(i + 1);
                boolean fits = classes[i] == null ? COLUMN_TYPES.contains(type) || PARAMETER_ONLY.contains(type)
                        : classes[i] == String.class ? TEXT_TYPES.contains(type) : TYPED.get(classes[i]).equals(type);
                if (!fits) {
                    return new Plan(classes, null, null, md != null);
                }
                casts[i] = type;
            }
            return new Plan(classes, numbered(sql.text(), casts), columns, md != null);
        }
    }

    /** Replaces each {@code ?} placeholder by {@code $n::type}. */
    private static String numbered(String text, String[] casts) {
        int[] at = SqlScanner.parse(text).placeholders();
        StringBuilder sb = new StringBuilder(text.length() + at.length * 12);
        int last = 0;
        for (int i = 0; i < at.length; i++) {
            sb.append(text, last, at[i]).append('$').append(i + 1).append("::").append(casts[i]);
            last = at[i] + 1;
        }
        return sb.append(text, last, text.length()).toString();
    }
}
