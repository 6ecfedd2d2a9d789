package io.pgconnector.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithPostgres
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresExtensionTest {

    private static PostgresDatabase fromBeforeAll;
    private final PostgresDatabase fromConstructor;

    PostgresExtensionTest(PostgresDatabase database) {
        this.fromConstructor = database;
    }

    @BeforeAll
    static void beforeAll(PostgresDatabase database, EmbeddedPostgres server) {
        fromBeforeAll = database;
        assertThat(database.server()).isSameAs(server);
    }

    static String query(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void injectsOneDatabasePerClass(PostgresDatabase database, EmbeddedPostgres server) throws SQLException {
        assertThat(database).isEqualTo(fromConstructor).isEqualTo(fromBeforeAll);
        assertThat(database.database()).startsWith("postgresextensiontest_");
        assertThat(database.port()).isEqualTo(server.port());
        assertThat(query(database, "SELECT current_database()")).isEqualTo(database.database());
        assertThat(query(database, "SHOW wal_level")).isEqualTo("logical");
        assertThat(database.jdbcUrl()).isEqualTo(server.jdbcUrl(database.database()));
    }

    @Nested
    class Inner {
        @Test
        void nestedClassGetsItsOwnDatabaseOnTheSameServer(PostgresDatabase database) throws SQLException {
            assertThat(database.database()).startsWith("inner_").isNotEqualTo(fromConstructor.database());
            assertThat(database.server()).isSameAs(fromConstructor.server());
            assertThat(query(database, "SELECT current_database()")).isEqualTo(database.database());
        }
    }
}
