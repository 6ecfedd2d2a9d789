package io.pgconnector.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedStandbyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void standbyShowsThePrimarysDataAndRefusesWrites() throws SQLException {
        try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault()) {
            Sql.execute(primary.dataSource("postgres"), "CREATE TABLE before_copy(x int); INSERT INTO before_copy VALUES (1)");
            try (EmbeddedStandby standby = primary.startStandby()) {
                Sql.execute(primary.dataSource("postgres"),
                        "CREATE TABLE after_copy(x int); INSERT INTO after_copy SELECT generate_series(1, 1000)");
                standby.awaitReplay(WAIT);
                DataSource onStandby = standby.server().dataSource("postgres");
                assertThat(Sql.query(onStandby, "SELECT count(*) FROM before_copy")).isEqualTo("1");
                assertThat(Sql.query(onStandby, "SELECT count(*) FROM after_copy")).isEqualTo("1000");
                assertThat(standby.isInRecovery()).isTrue();
                assertThat(Sql.query(primary.dataSource("postgres"), "SELECT count(*) FROM pg_stat_replication "
                        + "WHERE application_name = '" + standby.slotName() + "' AND state = 'streaming'"))
                        .isEqualTo("1");
                assertThatThrownBy(() -> Sql.execute(onStandby, "INSERT INTO after_copy VALUES (0)"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            }
            assertThat(Sql.query(primary.dataSource("postgres"),
                    "SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'physical'"))
                    .as("close() drops the standby's slot").isEqualTo("0");
            assertThat(Sql.query(primary.dataSource("postgres"), "SHOW synchronized_standby_slots")).isEmpty();
        }
    }

    @Test
    void promotedStandbyTakesWritesAfterThePrimaryStopped() throws SQLException {
        try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault();
             EmbeddedStandby standby = primary.startStandby()) {
            Sql.execute(primary.dataSource("postgres"), "CREATE TABLE t(x int); INSERT INTO t VALUES (1)");
            primary.stop();
            standby.promote();
            assertThat(standby.isInRecovery()).isFalse();
            DataSource onStandby = standby.server().dataSource("postgres");
            Sql.execute(onStandby, "INSERT INTO t VALUES (2)");
            assertThat(Sql.query(onStandby, "SELECT count(*) FROM t"))
                    .as("a clean stop of the primary sends all its WAL to the standby first").isEqualTo("2");
            standby.server().restart();
            assertThat(standby.isInRecovery()).as("a promoted standby stays a primary").isFalse();
        }
    }

    @Test
    void stoppedStandbyCatchesUpWhenStartedAgain() throws SQLException {
        try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault();
             EmbeddedStandby standby = primary.startStandby()) {
            standby.server().stop();
            Sql.execute(primary.dataSource("postgres"),
                    "CREATE TABLE t(x int); INSERT INTO t SELECT generate_series(1, 500)");
            standby.server().start();
            standby.awaitReplay(WAIT);
            assertThat(Sql.query(standby.server().dataSource("postgres"), "SELECT count(*) FROM t")).isEqualTo("500");
        }
    }

    @Test
    void failoverSlotSurvivesPromotionWithUnconsumedChanges() throws SQLException {
        try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault();
             EmbeddedStandby standby = primary.startStandby()) {
            DataSource ds = primary.dataSource("postgres");
            Sql.execute(ds, "CREATE TABLE t(x int)");
            Sql.query(ds, "SELECT pg_create_logical_replication_slot('fo', 'test_decoding', false, false, true)");
            // The standby makes the slot persistent once the slot's catalog xmin has passed a snapshot of
            // running transactions logged after the standby began to copy it: the consumer must keep confirming.
            for (int round = 1; ; round++) {
                Sql.query(ds, "SELECT pg_log_standby_snapshot()");
                Sql.execute(ds, "INSERT INTO t VALUES (1)");
                Sql.query(ds, "SELECT count(*) FROM pg_logical_slot_get_changes('fo', NULL, NULL)");
                try {
                    standby.awaitSlotSynced("fo", Duration.ofSeconds(3));
                    break;
                } catch (EmbeddedPostgresException notYet) {
                    if (round == 10) {
                        throw notYet;
                    }
                }
            }
            Sql.execute(ds, "INSERT INTO t VALUES (2)");
            standby.awaitReplay(WAIT);
            primary.stop();
            standby.promote();
            assertThat(Sql.query(standby.server().dataSource("postgres"), "SELECT string_agg(data, '|') "
                    + "FROM pg_logical_slot_get_changes('fo', NULL, NULL) WHERE data LIKE 'table%'"))
                    .as("the change not yet consumed is read from the synchronised slot on the new primary")
                    .isEqualTo("table public.t: INSERT: x[integer]:2");
        }
    }
}
