package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A lost slot never lets the listener resume past the gap: it fails, or with RESNAPSHOT starts afresh. */
@WithPostgres(settings = "max_slot_wal_keep_size=1MB")
@Timeout(180)
class SlotLossTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static PostgresClient client;

    record Row(int id) {
    }

    @BeforeAll
    static void connect(PostgresDatabase db) {
        client = CdcTestSupport.client(db);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void slotInvalidatedByMaxSlotWalKeepSizeFailsTheStartThenResnapshots(PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        exec(client, "CREATE TABLE kept (id int PRIMARY KEY)", "INSERT INTO kept VALUES (1)");
        CdcListener.Builder builder = CdcTestSupport.listener(db, "walgone")
                .offsetStorage(OffsetStorage.file(dir.resolve("offsets.dat")));
        streamOnce(builder, "kept");

        // While the listener is stopped, the server moves on by more than max_slot_wal_keep_size.
        for (int i = 2; i <= 4; i++) {
            exec(client, "INSERT INTO kept VALUES (" + i + ")");
            client.queryRow(Sql.of("SELECT pg_switch_wal()::text"), String.class);
        }
        exec(client, "CHECKPOINT");
        assertThat(client.queryRow(Sql.of("SELECT invalidation_reason FROM pg_replication_slots "
                + "WHERE slot_name = 'walgone'"), String.class)).isEqualTo("wal_removed");

        assertLostOnStart(builder, "kept", "wal_removed");
        assertResnapshots(builder, "kept", 4);
    }

    @Test
    void droppedSlotWithStoredOffsetsFailsTheStartThenResnapshots(PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        exec(client, "CREATE TABLE orphaned (id int PRIMARY KEY)", "INSERT INTO orphaned VALUES (1)");
        CdcListener.Builder builder = CdcTestSupport.listener(db, "dropped")
                .offsetStorage(OffsetStorage.file(dir.resolve("offsets.dat")));
        streamOnce(builder, "orphaned");
        exec(client, "DO $$ BEGIN PERFORM pg_drop_replication_slot('dropped'); END $$",
                "INSERT INTO orphaned VALUES (2)");

        assertLostOnStart(builder, "orphaned", "dropped");
        assertResnapshots(builder, "orphaned", 2);
    }

    @Test
    void runningListenerWhoseSlotIsInvalidatedStopsNamingTheSlotAndReason(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE held (id int PRIMARY KEY)");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CdcService<Row> stuck = new CdcService<>() {
            @Override
            public void onCreate(Row row, ChangeSource src) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "cutoff").snapshotMode(SnapshotMode.NEVER).build();
        listener.attach(Row.class, stuck, "held");
        listener.start();
        try {
            exec(client, "INSERT INTO held VALUES (1)");
            for (int i = 0; i < 3; i++) {
                client.queryRow(Sql.of("SELECT pg_switch_wal()::text"), String.class);
                exec(client, "INSERT INTO held VALUES (" + (i + 2) + ")");
            }
            exec(client, "CHECKPOINT");
            release.countDown();
            CdcTestSupport.await(() -> listener.failure().isPresent(), WAIT, "the listener to stop");
            assertThat(listener.failure().orElseThrow())
                    .hasMessageContaining("Replication slot 'cutoff' is lost")
                    .hasMessageContaining("wal_removed")
                    .hasMessageContaining("the listener stopped");
            assertThat(listener.status().state()).isEqualTo(CdcStatus.State.FAILED);
        } finally {
            release.countDown();
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    /** Snapshot, one streamed insert, a clean stop: the offsets now record a position in the slot. */
    private static void streamOnce(CdcListener.Builder builder, String table) throws Exception {
        Recorder<Row> rec = new Recorder<>();
        CdcListener listener = builder.build();
        listener.attach(Row.class, rec, table);
        listener.start();
        try {
            rec.awaitEvents(1, WAIT);
            exec(client, "INSERT INTO " + table + " VALUES (100)");
            rec.awaitEvents(2, WAIT);
        } finally {
            listener.stop();
        }
        exec(client, "DELETE FROM " + table + " WHERE id = 100");
    }

    private static void assertLostOnStart(CdcListener.Builder builder, String table, String reason) {
        CdcListener listener = builder.build();
        Recorder<Row> rec = new Recorder<>();
        listener.attach(Row.class, rec, table);
        String slot = listener.config().slotName();
        assertThatThrownBy(listener::start)
                .isInstanceOf(CdcException.class)
                .hasMessageContaining("Replication slot '" + slot + "' is lost")
                .hasMessageContaining(reason)
                .hasMessageContaining("slotLossPolicy(RESNAPSHOT)")
                .satisfies(e -> assertThat(((CdcException) e).sqlState()).isEqualTo("55000"));
        assertThat(rec.events()).as("nothing delivered past the gap").isEmpty();
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? "
                + "AND invalidation_reason IS NULL", slot), Long.class))
                .as("no new slot was created").isZero();
    }

    private static void assertResnapshots(CdcListener.Builder builder, String table, int rows) throws Exception {
        CdcListener listener = builder.slotLossPolicy(SlotLossPolicy.RESNAPSHOT).build();
        Recorder<Row> rec = new Recorder<>();
        listener.attach(Row.class, rec, table);
        listener.start();
        try {
            List<Recorder.Event<Row>> reads = rec.awaitEvents(rows, e -> e.op() == Operation.READ, WAIT);
            assertThat(reads).extracting(e -> e.after().id()).containsExactlyInAnyOrder(
                    java.util.stream.IntStream.rangeClosed(1, rows).boxed().toArray(Integer[]::new));
            exec(client, "INSERT INTO " + table + " VALUES (200)");
            assertThat(rec.awaitEvents(1, e -> e.op() == Operation.CREATE, WAIT).get(0).after().id()).isEqualTo(200);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
