package io.pgconnector.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the shape of {@code INSERT} statements: the target table, whether it is a plain insert of bound values (for
 * the COPY fast path), and which columns of the table the server generates (for {@code lastInsertId}), so that only
 * those come back, not whole rows.
 */
final class InsertStatements {
    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final String TABLE = "(" + IDENTIFIER + "(?:\\s*\\.\\s*" + IDENTIFIER + ")?)";
    private static final Pattern INSERT_INTO = Pattern.compile("(?is)\\s*INSERT\\s+INTO\\s+" + TABLE
            + "\\s*(\\([^()]*\\))?\\s*(?:AS\\s+" + IDENTIFIER + "\\s*)?(.*)");
    private static final Pattern PLAIN_VALUES = Pattern.compile(
            "(?is)VALUES\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)\\s*;?\\s*");
    private static final String[] NONE = new String[0];
    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();
    private static final Map<String, String[]> KEY_COLUMNS = new ConcurrentHashMap<>();

    /**
     * What an insert statement's text says, parsed once per text.
     *
     * @param table       the target table as written, or null when the text is not an insert
     * @param copyCommand {@code COPY table (columns) FROM STDIN} for a plain insert of one row of bound values, or null
     */
    private record Shape(String table, String copyCommand) {
    }

    private static final Shape NOT_AN_INSERT = new Shape(null, null);

    private InsertStatements() {
    }

    private static Shape shape(String sql) {
        Shape shape = SHAPES.get(sql);
        if (shape == null) {
            Matcher m = INSERT_INTO.matcher(sql);
            if (m.matches()) {
                String rest = m.group(3);
                String copy = PLAIN_VALUES.matcher(rest).matches()
                        ? "COPY " + m.group(1) + (m.group(2) == null ? "" : " " + m.group(2)) + " FROM STDIN" : null;
                shape = new Shape(m.group(1), copy);
            } else {
                shape = NOT_AN_INSERT;
            }
            if (SHAPES.size() >= CACHE_LIMIT) {
                SHAPES.clear();
            }
            SHAPES.put(sql, shape);
        }
        return shape;
    }

    /**
     * Returns {@code COPY table (columns) FROM STDIN} for a plain insert of one row of bound values, or null.
     *
     * @param sql the statement
     * @return the COPY command or null
     */
    static String copyCommand(String sql) {
        return shape(sql).copyCommand();
    }

    /**
     * Returns the generated columns of the table an insert writes to (identity or sequence defaults, and primary
     * key columns with any default, such as {@code gen_random_uuid()}), so the driver returns only those. Inserts fed
     * by a query ({@code INSERT ... SELECT}) return them too: one key per inserted row travels to the client. Looked
     * up once per table and server, then cached; {@link #forgetStaleKeyColumns} drops an entry that a recreated table
     * made wrong.
     *
     * @param c   the connection
     * @param sql the statement
     * @return the column names; empty when the table has none or the statement is not a single-source insert
     * @throws SQLException if the lookup fails
     */
    static String[] generatedKeyColumns(Connection c, String sql) throws SQLException {
        String table = shape(sql).table();
        if (table == null) {
            return NONE;
        }
        String cacheKey = keyColumnsCacheKey(c, table);
        String[] cached = KEY_COLUMNS.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<String> columns = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_attribute a "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped "
                + "AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' OR d.adbin IS NOT NULL "
                + "AND a.attnum = ANY (SELECT unnest(conkey) FROM pg_constraint WHERE conrelid = a.attrelid "
                + "AND contype = 'p')) ORDER BY a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        String[] found = columns.toArray(NONE);
        if (KEY_COLUMNS.size() >= CACHE_LIMIT) {
            KEY_COLUMNS.clear();
        }
        KEY_COLUMNS.put(cacheKey, found);
        return found;
    }

    private static String keyColumnsCacheKey(Connection c, String table) throws SQLException {
        return c.getMetaData().getURL() + '\u0000' + c.getMetaData().getUserName() + '\u0000' + table;
    }

    /**
     * Forgets the cached key columns of an insert's table when the insert failed because one of them no longer
     * exists (SQLSTATE 42703: the table was dropped and created again with other columns since the lookup).
     *
     * @param c     the connection the insert ran on
     * @param sql   the statement
     * @param error its failure
     * @return true if a stale entry was dropped, so that running the statement again can succeed
     */
    static boolean forgetStaleKeyColumns(Connection c, String sql, SQLException error) {
        if (!"42703".equals(error.getSQLState())) {
            return false;
        }
        String table = shape(sql).table();
        if (table == null) {
            return false;
        }
        try {
            String[] cached = KEY_COLUMNS.get(keyColumnsCacheKey(c, table));
            if (cached == null || cached.length == 0) {
                return false;
            }
            String message = String.valueOf(error.getMessage());
            for (String column : cached) {
                if (message.contains("\"" + column + "\"")) {
                    KEY_COLUMNS.remove(keyColumnsCacheKey(c, table));
                    return true;
                }
            }
        } catch (SQLException e) {
            error.addSuppressed(e);
        }
        return false;
    }
}
