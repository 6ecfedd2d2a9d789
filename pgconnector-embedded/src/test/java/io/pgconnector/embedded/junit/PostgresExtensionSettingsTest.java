package io.pgconnector.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithPostgres(logicalReplication = false, tls = true, settings = {"work_mem=16MB"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresExtensionSettingsTest {

    @Test
    void usesTheAttributes(PostgresDatabase database, EmbeddedPostgres server) throws SQLException {
        assertThat(server.tlsFiles()).isPresent();
        assertThat(PostgresExtensionTest.query(database, "SHOW wal_level")).isEqualTo("replica");
        assertThat(PostgresExtensionTest.query(database, "SHOW work_mem")).isEqualTo("16MB");
        assertThat(PostgresExtensionTest.query(database,
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
    }

    @Test
    void databaseNamesAreValidIdentifiers() {
        assertThat(PostgresExtension.databaseName(PostgresExtensionSettingsTest.class))
                .matches("[a-z_][a-z0-9_]*");
    }
}
