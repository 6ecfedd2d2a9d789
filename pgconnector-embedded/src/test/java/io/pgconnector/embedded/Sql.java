package io.pgconnector.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;

/** Test helpers. */
final class Sql {

    private Sql() {
    }

    static String query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return query(c, sql);
        }
    }

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Connection connect(String url, String user, String password, String... extra) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "10");
        for (int i = 0; i < extra.length; i += 2) {
            props.setProperty(extra[i], extra[i + 1]);
        }
        return DriverManager.getConnection(url, props);
    }
}
