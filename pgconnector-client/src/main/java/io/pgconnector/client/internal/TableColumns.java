package io.pgconnector.client.internal;

import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.mapping.internal.ColumnInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The writable columns of a table, as COPY needs them: name and type, a domain given as its base type (whose binary
 * form it shares). Generated columns are left out, since COPY cannot write them.
 */
final class TableColumns {
    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")?");

    private TableColumns() {
    }

    /**
     * Checks that a table name is a (possibly schema-qualified, possibly quoted) identifier and nothing else, since
     * it is written into the COPY statement.
     *
     * @param table the table name
     * @return the name
     * @throws InvalidStatementException if it is not a table name
     */
    static String checkName(String table) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new InvalidStatementException("Not a table name: '" + table + "'. Give a name such as orders, "
                    + "shop.orders or \"Order Lines\".", "42602");
        }
        return table;
    }

    /**
     * Looks up the columns of a table.
     *
     * @throws InvalidStatementException if there is no such table
     */
    static List<ColumnInfo> of(Connection c, String table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, CASE WHEN t.typtype = 'd' "
                + "THEN b.typname ELSE t.typname END FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "LEFT JOIN pg_type b ON b.oid = t.typbasetype WHERE a.attrelid = to_regclass(?) "
                + "AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnInfo(rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new InvalidStatementException("There is no table " + table + " (or it has no columns) on the "
                    + "search path of this connection", "42P01");
        }
        return columns;
    }

    /** Quotes a column name for SQL. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
