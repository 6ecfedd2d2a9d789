package io.pgconnector.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedPostgresTest {

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgres.builder()
                .password("s3cret pw")
                .setting("work_mem", "8MB")
                .initSql("CREATE TABLE init_marker(x int)", "INSERT INTO init_marker VALUES (42)")
                .start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void runsPostgres18WithLogicalReplication() throws SQLException {
        try (Connection c = Sql.connect(pg.jdbcUrl("postgres"), pg.username(), pg.password())) {
            assertThat(Sql.query(c, "SHOW server_version")).startsWith("18");
            assertThat(Sql.query(c, "SHOW wal_level")).isEqualTo("logical");
            assertThat(Sql.query(c, "SHOW max_replication_slots")).isEqualTo("20");
            assertThat(Sql.query(c, "SHOW max_wal_senders")).isEqualTo("20");
            assertThat(Sql.query(c, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(Sql.query(c, "SHOW max_connections")).isEqualTo("200");
            assertThat(Sql.query(c, "SHOW work_mem")).isEqualTo("8MB");
            assertThat(Sql.query(c, "SHOW ssl")).isEqualTo("off");
            assertThat(Sql.query(c, "SELECT current_user")).isEqualTo("postgres");
        }
        assertThat(pg.serverVersion()).startsWith("18.");
        assertThat(pg.isRunning()).isTrue();
        assertThat(pg.tlsFiles()).isEmpty();
    }

    @Test
    void runsInitSqlOnce() throws SQLException {
        assertThat(Sql.query(pg.dataSource("postgres"), "SELECT x FROM init_marker")).isEqualTo("42");
    }

    @Test
    void refusesWrongPassword() {
        assertThatThrownBy(() -> Sql.connect(pg.jdbcUrl("postgres"), "postgres", "wrong").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void describesConnectionsWithoutLeakingThePassword() {
        assertThat(pg.host()).isEqualTo("localhost");
        assertThat(pg.jdbcUrl("db1")).isEqualTo("jdbc:postgresql://localhost:" + pg.port() + "/db1");
        assertThat(pg.uri("db1")).isEqualTo("postgresql://postgres:s3cret%20pw@localhost:" + pg.port() + "/db1");
        assertThat(pg.toString()).doesNotContain("s3cret");
        assertThat(pg.dataDirectory()).isDirectory();
        assertThat(pg.dataDirectory().resolve("PG_VERSION")).hasContent("18");
    }

    @Test
    void createsDatabases() throws SQLException {
        PostgresDatabase db = pg.createDatabase("created_db");
        assertThat(db.database()).isEqualTo("created_db");
        assertThat(db.port()).isEqualTo(pg.port());
        assertThat(db.toString()).doesNotContain("s3cret");
        assertThat(Sql.query(db.dataSource(), "SELECT current_database()")).isEqualTo("created_db");
        assertThatThrownBy(() -> pg.createDatabase("bad name; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pg.createDatabase("created_db")).isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("42P04");
    }

    @Test
    void canTurnLogicalReplicationOff() throws SQLException {
        try (EmbeddedPostgres replica = EmbeddedPostgres.builder().logicalReplication(false).maxConnections(50)
                .start()) {
            assertThat(Sql.query(replica.dataSource("postgres"), "SHOW wal_level")).isEqualTo("replica");
            assertThat(Sql.query(replica.dataSource("postgres"), "SHOW max_connections")).isEqualTo("50");
        }
    }
}
