package io.pgconnector.client.internal;

import io.pgconnector.client.ExecutionResult;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Runs a statement for {@code execute} and finds its {@code lastInsertId}: the generated key of an insert (from the
 * driver's generated keys), or, for a statement with its own {@code RETURNING} ({@code UPDATE}, {@code DELETE},
 * {@code INSERT}), the first returned column of its last row.
 */
final class GeneratedKeys {
    private GeneratedKeys() {
    }

    static ExecutionResult execute(PreparedStatement ps, boolean generatedKeys) throws SQLException {
        if (!ps.execute()) {
            long count = ps.getLargeUpdateCount();
            Object key = null;
            if (generatedKeys) {
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    key = last(keys);
                }
            }
            return new ExecutionResult(Math.max(count, 0), key);
        }
        // The statement returned rows itself (RETURNING): every row is one affected row.
        try (ResultSet rows = ps.getResultSet()) {
            long count = 0;
            Object last = null;
            while (rows.next()) {
                count++;
                last = rows.getObject(1);
            }
            return new ExecutionResult(count, last);
        }
    }

    /** The key of the last row: its identity/serial column, else (a uuid or other default key) its first column. */
    private static Object last(ResultSet keys) throws SQLException {
        if (keys == null) {
            return null;
        }
        ResultSetMetaData md = keys.getMetaData();
        int column = md.getColumnCount() > 0 ? 1 : -1;
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (md.isAutoIncrement(i)) {
                column = i;
                break;
            }
        }
        Object last = null;
        while (keys.next()) {
            if (column > 0) {
                last = keys.getObject(column);
            }
        }
        return last;
    }
}
