package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Typed connector settings, each checked by what it changes in delivery or on the server. */
class TypedSettingsTest extends CdcTestBase {
    record Person(int id, String card, String email, String bio) {
    }

    record Row(int id, String v) {
    }

    @Test
    void maskedHashedAndTruncatedColumnsArriveChangedInRecords(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE people (id int PRIMARY KEY, card text, email text, bio text)",
                "INSERT INTO people VALUES (1, '4111111111111111', 'ada@example.com', 'mathematician')");
        Recorder<Person> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "masks")
                .columnMasks(ColumnMask.mask(4, "public\\.people\\.card"),
                        ColumnMask.truncate(4, "public\\.people\\.bio"))
                .build();
        listener.attach(Person.class, rec, "people");
        listener.start();
        try {
            exec(client, "INSERT INTO people VALUES (2, '5500000000000004', 'ada@example.com', 'engineer')");
            List<Recorder.Event<Person>> events = rec.awaitEvents(2, WAIT);
            Person read = events.get(0).after();
            Person created = events.get(1).after();
            assertThat(events.get(0).op()).isEqualTo(Operation.READ);
            assertThat(read.card()).isEqualTo("****");
            assertThat(created.card()).isEqualTo("****");
            assertThat(read.bio()).isEqualTo("math");
            assertThat(created.bio()).isEqualTo("engi");
            assertThat(read.email()).isEqualTo("ada@example.com");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void theHeartbeatActionQueryRunsOnTheServer(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE beats (at timestamptz)", "CREATE TABLE quiet (id int PRIMARY KEY, v text)");
        CdcListener listener = CdcTestSupport.listener(db, "beats").snapshotMode(SnapshotMode.NO_DATA)
                .heartbeatInterval(Duration.ofMillis(200)).heartbeatActionQuery("INSERT INTO beats VALUES (now())")
                .build();
        listener.attach(Row.class, new Recorder<>(), "quiet");
        listener.start();
        try {
            CdcTestSupport.await(() -> client.queryRow(Sql.of("SELECT count(*) FROM beats"), Long.class) >= 2, WAIT,
                    "heartbeat rows");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
        assertThatThrownBy(() -> CdcListener.builder().heartbeatInterval(Duration.ZERO)
                .heartbeatActionQuery("SELECT 1").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeatInterval");
    }

    @Test
    void noDataDeliversNoReadsAndConfigurationBasedCanSnapshotWithoutStreaming(PostgresDatabase db)
            throws Exception {
        exec(client, "CREATE TABLE snap (id int PRIMARY KEY, v text)", "INSERT INTO snap VALUES (1, 'old')");
        Recorder<Row> streamed = new Recorder<>();
        CdcListener noData = CdcTestSupport.listener(db, "snap_none").snapshotMode(SnapshotMode.NO_DATA).build();
        noData.attach(Row.class, streamed, "snap");
        noData.start();
        try {
            exec(client, "INSERT INTO snap VALUES (2, 'new')");
            assertThat(streamed.awaitEvents(1, WAIT)).extracting(e -> e.op(), e -> e.after().id())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.CREATE, 2));
        } finally {
            noData.stop();
            noData.dropSlotAndPublication();
        }
        assertThat(streamed.events()).noneMatch(e -> e.op() == Operation.READ);

        Recorder<Row> snapshotOnly = new Recorder<>();
        CdcListener configured = CdcTestSupport.listener(db, "snap_conf").configurationBasedSnapshot(true, false)
                .build();
        configured.attach(Row.class, snapshotOnly, "snap");
        configured.start();
        try {
            assertThat(snapshotOnly.awaitEvents(2, WAIT)).extracting(e -> e.op()).containsOnly(Operation.READ);
        } finally {
            configured.stop();
            configured.dropSlotAndPublication();
        }
        Recorder<Row> streamOnly = new Recorder<>();
        CdcListener noSnapshot = CdcTestSupport.listener(db, "snap_conf2").configurationBasedSnapshot(false, true)
                .build();
        noSnapshot.attach(Row.class, streamOnly, "snap");
        noSnapshot.start();
        try {
            exec(client, "INSERT INTO snap VALUES (3, 'newer')");
            assertThat(streamOnly.awaitEvents(1, WAIT).get(0).after().id()).isEqualTo(3);
            assertThat(streamOnly.events()).noneMatch(e -> e.op() == Operation.READ);
        } finally {
            noSnapshot.stop();
            noSnapshot.dropSlotAndPublication();
        }
        assertThatThrownBy(() -> CdcListener.builder().snapshotMode(SnapshotMode.CONFIGURATION_BASED).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configurationBasedSnapshot");
    }

    @Test
    void updatesThatChangeNothingAreSkippedWhenAsked(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE same (id int PRIMARY KEY, v text)", "ALTER TABLE same REPLICA IDENTITY FULL",
                "INSERT INTO same VALUES (1, 'a')");
        Recorder<Row> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "same").snapshotMode(SnapshotMode.NO_DATA)
                .skipMessagesWithoutChange(true).build();
        listener.attach(Row.class, rec, "same");
        listener.start();
        try {
            exec(client, "UPDATE same SET v = v WHERE id = 1", "UPDATE same SET v = 'b' WHERE id = 1");
            assertThat(rec.awaitEvents(1, WAIT).get(0).after().v()).isEqualTo("b");
            exec(client, "INSERT INTO same VALUES (2, 'marker')");
            rec.awaitEvents(2, WAIT);
            assertThat(rec.events()).extracting(e -> e.op()).containsExactly(Operation.UPDATE, Operation.CREATE);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void manualLsnFlushLeavesTheSlotWhereItWas(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE flushes (id int PRIMARY KEY, v text)");
        Recorder<Row> auto = new Recorder<>();
        Recorder<Row> manual = new Recorder<>();
        CdcListener byConnector = CdcTestSupport.listener(db, "flush_auto").snapshotMode(SnapshotMode.NO_DATA)
                .offsetFlushInterval(Duration.ofMillis(100)).build();
        CdcListener byNobody = CdcTestSupport.listener(db, "flush_manual").snapshotMode(SnapshotMode.NO_DATA)
                .offsetFlushInterval(Duration.ofMillis(100)).lsnFlushMode(LsnFlushMode.MANUAL).build();
        byConnector.attach(Row.class, auto, "flushes");
        byNobody.attach(Row.class, manual, "flushes");
        byConnector.start();
        byNobody.start();
        try {
            String before = confirmed("flush_manual");
            exec(client, "INSERT INTO flushes VALUES (1, 'x')");
            String written = client.queryRow(Sql.of("SELECT pg_current_wal_lsn()::text"), String.class);
            auto.awaitEvents(1, WAIT);
            manual.awaitEvents(1, WAIT);
            CdcTestSupport.await(() -> lsnAtLeast(confirmed("flush_auto"), written), WAIT,
                    "the connector confirms the position");
            assertThat(confirmed("flush_manual")).isEqualTo(before);
        } finally {
            byConnector.stop();
            byNobody.stop();
            byConnector.dropSlotAndPublication();
            byNobody.dropSlotAndPublication();
        }
    }

    @Test
    void slotStreamParamsReachThePlugin(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE params (id int PRIMARY KEY)");
        CdcListener listener = CdcTestSupport.listener(db, "params").snapshotMode(SnapshotMode.NO_DATA)
                .slotStreamParam("no_such_option", "on").reconnect(0, Duration.ofMillis(100)).build();
        listener.attach(Row.class, new Recorder<>(), "params");
        try {
            // The plugin reads its options when streaming begins, just after start() returned.
            try {
                listener.start();
            } catch (CdcException e) {
                assertThat(e).hasMessageContaining("no_such_option");
                return;
            }
            assertThat(listener.awaitTermination(WAIT)).isTrue();
            assertThat(listener.failure()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("no_such_option"));
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    private static String confirmed(String slot) {
        return client.queryRow(Sql.of("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?",
                slot), String.class);
    }

    private static boolean lsnAtLeast(String lsn, String target) {
        return lsn != null && client.queryRow(Sql.of("SELECT ?::pg_lsn >= ?::pg_lsn", lsn, target), Boolean.class);
    }
}
