package io.pgconnector.mapping.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row as a value of the type the reader was planned for. */
@FunctionalInterface
public interface ColumnReader {
    /**
     * Reads the column.
     *
     * @param rs    the result set, positioned on a row
     * @param index the 1-based column index
     * @return the value, or {@code null} for SQL NULL
     * @throws SQLException if the driver fails
     */
    Object read(ResultSet rs, int index) throws SQLException;
}
