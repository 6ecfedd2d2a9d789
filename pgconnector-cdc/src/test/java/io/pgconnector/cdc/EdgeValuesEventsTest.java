package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;

import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.types.BitString;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;

/** Values at the edges of their types arrive in change events as the client reads them (issue #21, items 3-4). */
class EdgeValuesEventsTest extends CdcTestBase {

    @Test
    void infiniteDatesAndTimestampsArriveAsMinAndMaxNotAsFarAwayDates(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE endless (id int PRIMARY KEY, d date, ts timestamp, tstz timestamptz, "
                + "ds date[], tss timestamp[])");
        Map<String, Object> row = captureInsert(db, "endless", "edge_inf",
                "INSERT INTO endless VALUES (1, 'infinity', 'infinity', 'infinity', '{infinity,-infinity,2024-01-02}', "
                        + "'{infinity,-infinity}'), (2, '-infinity', '-infinity', '-infinity', NULL, NULL)", 2);
        Map<String, Object> second = lastRows.get(1);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(row.get("d")).isEqualTo(LocalDate.MAX);
        soft.assertThat(row.get("ts")).isEqualTo(LocalDateTime.MAX);
        soft.assertThat(row.get("tstz")).isEqualTo(OffsetDateTime.MAX);
        soft.assertThat(row.get("ds")).isEqualTo(Arrays.asList(LocalDate.MAX, LocalDate.MIN, LocalDate.of(2024, 1, 2)));
        soft.assertThat(row.get("tss")).isEqualTo(Arrays.asList(LocalDateTime.MAX, LocalDateTime.MIN));
        soft.assertThat(second.get("d")).isEqualTo(LocalDate.MIN);
        soft.assertThat(second.get("ts")).isEqualTo(LocalDateTime.MIN);
        soft.assertThat(second.get("tstz")).isEqualTo(OffsetDateTime.MIN);
        soft.assertThat(row).isEqualTo(client.queryRow(Sql.of("SELECT * FROM endless WHERE id = 1")));
        soft.assertThat(second).isEqualTo(client.queryRow(Sql.of("SELECT * FROM endless WHERE id = 2")));
        soft.assertAll();
    }

    @Test
    void bitOneArrivesAsItsValueAndAllZeroBitStringsKeepTheirLength(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE flags (id int PRIMARY KEY, one bit(1), four bit(4), zero_one bit(1), "
                + "v varbit(8))");
        Map<String, Object> row = captureInsert(db, "flags", "edge_bits",
                "INSERT INTO flags VALUES (1, B'1', B'0000', B'0', B'1010')", 1);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(row.get("one")).isEqualTo(BitString.parse("1"));
        soft.assertThat(row.get("four")).isEqualTo(BitString.parse("0000"));
        soft.assertThat(row.get("zero_one")).isEqualTo(BitString.parse("0"));
        soft.assertThat(row).isEqualTo(client.queryRow(Sql.of("SELECT * FROM flags WHERE id = 1")));
        soft.assertAll();
    }

    private java.util.List<Map<String, Object>> lastRows;

    private Map<String, Object> captureInsert(PostgresDatabase db, String table, String slot, String insert, int n)
            throws Exception {
        Recorder<Map<String, Object>> rec = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        CdcListener listener = CdcTestSupport.listener(db, slot).snapshotMode(SnapshotMode.NEVER).build();
        listener.attach(mapType, rec, table);
        listener.start();
        try {
            exec(client, insert);
            lastRows = rec.awaitEvents(n, WAIT).stream().map(Recorder.Event::after).toList();
            return lastRows.get(0);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
