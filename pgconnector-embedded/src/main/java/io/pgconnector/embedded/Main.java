package io.pgconnector.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Starts an embedded PostgreSQL server, prints its version and port, then stops it and deletes its
 * files. Useful to check that the embedded server works on a machine.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the check.
     *
     * @param args ignored
     * @throws SQLException if the version query fails
     */
    public static void main(String[] args) throws SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.startDefault();
             Connection c = pg.dataSource("postgres").getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            System.out.println("PostgreSQL " + rs.getString(1) + " running on port " + pg.port());
        }
    }
}
