package io.pgconnector.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.embedded.EmbeddedStandby;
import io.pgconnector.embedded.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithPostgres(standby = true)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresExtensionStandbyTest {

    @Test
    void classDatabaseIsReplicatedToTheInjectedStandby(PostgresDatabase db, EmbeddedStandby standby)
            throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x int); INSERT INTO t VALUES (42)");
        }
        standby.awaitReplay(Duration.ofSeconds(30));
        assertThat(standby.primary()).isSameAs(db.server());
        try (Connection c = standby.database(db.database()).dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT x FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
