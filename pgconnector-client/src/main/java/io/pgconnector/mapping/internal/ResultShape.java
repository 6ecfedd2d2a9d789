package io.pgconnector.mapping.internal;

import org.postgresql.core.Field;
import org.postgresql.jdbc.PgResultSet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The identity of a result's columns: their labels and type OIDs, taken from pgjdbc's row description without
 * building result-set metadata. A cached row plan is reused only while the shape is the same, so a column whose type
 * changed under the same label (an {@code ALTER TABLE}, another table found through {@code search_path}) gets a new
 * plan even when the JDBC type is the same: {@code timestamp} and {@code timestamptz} are both
 * {@code Types.TIMESTAMP}, {@code inet}, {@code cidr}, {@code point} and {@code box} are all {@code Types.OTHER}.
 *
 * <p>When the driver's description cannot be read (a driver that is not pgjdbc), the shape falls back to labels and
 * JDBC types from the metadata, the check used before.
 */
public final class ResultShape {
    private static final VarHandle FIELDS = fieldsHandle();

    private final String[] labels;
    /** Type OIDs, or null when the shape came from metadata. */
    private final int[] oids;
    /** JDBC types, or null when the shape came from the driver's description. */
    private final int[] sqlTypes;
    /** The description last seen to match: a statement run again hands back the same array. */
    private volatile Field[] lastSeen;

    private ResultShape(String[] labels, int[] oids, int[] sqlTypes, Field[] lastSeen) {
        this.labels = labels;
        this.oids = oids;
        this.sqlTypes = sqlTypes;
        this.lastSeen = lastSeen;
    }

    private static VarHandle fieldsHandle() {
        try {
            return MethodHandles.privateLookupIn(PgResultSet.class, MethodHandles.lookup())
                    .findVarHandle(PgResultSet.class, "fields", Field[].class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Field[] fieldsOf(ResultSet rs) throws SQLException {
        if (FIELDS == null) {
            return null;
        }
        PgResultSet pg = rs instanceof PgResultSet ? (PgResultSet) rs
                : rs.isWrapperFor(PgResultSet.class) ? rs.unwrap(PgResultSet.class) : null;
        return pg == null ? null : (Field[]) FIELDS.get(pg);
    }

    /**
     * Tells whether a column of a pgjdbc result arrives in binary format (false when that cannot be told).
     *
     * @param rs    the result set
     * @param index the 1-based column index
     * @return true for a binary column
     * @throws SQLException if the result set cannot be unwrapped
     */
    static boolean isBinary(ResultSet rs, int index) throws SQLException {
        Field[] fields = fieldsOf(rs);
        return fields != null && index >= 1 && index <= fields.length
                && fields[index - 1].getFormat() == Field.BINARY_FORMAT;
    }

    /**
     * Returns the shape of a result.
     *
     * @param rs the result set
     * @return its shape
     * @throws SQLException if the metadata cannot be read
     */
    public static ResultShape of(ResultSet rs) throws SQLException {
        Field[] fields = fieldsOf(rs);
        if (fields != null) {
            String[] labels = new String[fields.length];
            int[] oids = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                labels[i] = fields[i].getColumnLabel();
                oids[i] = fields[i].getOID();
            }
            return new ResultShape(labels, oids, null, fields);
        }
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] labels = new String[n];
        int[] sqlTypes = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = md.getColumnLabel(i + 1);
            sqlTypes[i] = md.getColumnType(i + 1);
        }
        return new ResultShape(labels, null, sqlTypes, null);
    }

    /**
     * Tells whether a result has this shape: the same number of columns, labels and types.
     *
     * @param rs the result set
     * @return true when a plan made for this shape reads it correctly
     * @throws SQLException if the metadata cannot be read
     */
    public boolean matches(ResultSet rs) throws SQLException {
        if (oids != null) {
            Field[] fields = fieldsOf(rs);
            if (fields != null) {
                return fields == lastSeen || matches(fields);
            }
        }
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        if (n != labels.length || sqlTypes == null) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (md.getColumnType(i + 1) != sqlTypes[i] || !md.getColumnLabel(i + 1).equals(labels[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(Field[] fields) {
        if (fields.length != oids.length) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].getOID() != oids[i] || !fields[i].getColumnLabel().equals(labels[i])) {
                return false;
            }
        }
        // Racy but harmless: any matching description may be remembered.
        lastSeen = fields;
        return true;
    }
}
