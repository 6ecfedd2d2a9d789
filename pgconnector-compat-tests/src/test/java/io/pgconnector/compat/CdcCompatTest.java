package io.pgconnector.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.CdcStatus;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CDC listener on each server major: the start-up checks, snapshot and streaming (a transaction larger than
 * {@code logical_decoding_work_mem}, so decoding spills to disk), a restart that resumes, incremental snapshots, and
 * failover slots (refused before 17 with a clear error).
 */
@WithPostgres(settings = ServerMajor.SETTINGS)
@Timeout(120)
class CdcCompatTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static PostgresClient client;

    record Item(int id, String name) {
    }

    /** Records events as {@code r1}, {@code c2}, {@code u2}, {@code d3}. */
    static final class Events implements CdcService<Item> {
        private final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void onRead(Item after, ChangeSource src) {
            add("r" + after.id());
        }

        @Override
        public synchronized void onCreate(Item after, ChangeSource src) {
            add("c" + after.id());
        }

        @Override
        public synchronized void onUpdate(Item before, Item after, ChangeSource src) {
            add("u" + after.id() + ":" + after.name());
        }

        @Override
        public synchronized void onDelete(Item before, ChangeSource src) {
            add("d" + before.id());
        }

        private void add(String e) {
            seen.add(e);
            notifyAll();
        }

        synchronized List<String> await(int n, Predicate<String> filter) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                List<String> matching = seen.stream().filter(filter).toList();
                if (matching.size() >= n) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Expected " + n + " events, got " + matching.size() + " of " + seen);
                }
                wait(Math.max(1, left / 1_000_000L));
            }
        }

        synchronized List<String> all() {
            return List.copyOf(seen);
        }
    }

    @BeforeAll
    static void connect(PostgresDatabase db) {
        client = PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static CdcListener.Builder listener(PostgresDatabase db, String slot) {
        return CdcListener.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).slotName(slot).publicationName(slot)
                .offsetStorage(OffsetStorage.memory()).startTimeout(Duration.ofSeconds(60));
    }

    private static void exec(String... statements) {
        for (String s : statements) {
            client.execute(Sql.of(s));
        }
    }

    @Test
    void snapshotStreamingAndAResumingRestart(PostgresDatabase db, @TempDir Path dir) throws Exception {
        exec("CREATE TABLE compat_cdc (id int PRIMARY KEY, name text)",
                "INSERT INTO compat_cdc SELECT g, 'old' FROM generate_series(1, 100) g");
        Events events = new Events();
        CdcListener listener = listener(db, "compat_cdc")
                .offsetStorage(OffsetStorage.file(dir.resolve("compat.offsets"))).build();
        listener.attach(Item.class, events, "compat_cdc");
        listener.start();
        try {
            events.await(100, e -> e.startsWith("r"));
            // 5,000 wide rows in one transaction: far beyond logical_decoding_work_mem (64kB on these servers),
            // so the server spills the decoded transaction to disk before sending it.
            exec("INSERT INTO compat_cdc SELECT g, repeat('n', 500) FROM generate_series(101, 5100) g",
                    "UPDATE compat_cdc SET name = 'changed' WHERE id = 1", "DELETE FROM compat_cdc WHERE id = 2");
            events.await(5_000, e -> e.startsWith("c"));
            events.await(1, e -> e.equals("u1:changed"));
            events.await(1, e -> e.equals("d2"));
            CdcStatus status = listener.status();
            assertThat(status.state()).isEqualTo(CdcStatus.State.STREAMING);
            assertThat(status.confirmedLsn()).isPresent();
        } finally {
            listener.stop();
        }
        exec("INSERT INTO compat_cdc VALUES (30000, 'while stopped')");
        Events again = new Events();
        CdcListener restarted = listener(db, "compat_cdc")
                .offsetStorage(OffsetStorage.file(dir.resolve("compat.offsets"))).build();
        restarted.attach(Item.class, again, "compat_cdc");
        restarted.start();
        try {
            again.await(1, e -> e.equals("c30000"));
            assertThat(again.all()).as("no new snapshot and nothing before the stop again").noneMatch(e ->
                    e.startsWith("r") || e.equals("c101"));
        } finally {
            restarted.stop();
            restarted.dropSlotAndPublication();
        }
    }

    @Test
    void startUpChecksNameWhatIsWrong(PostgresDatabase db) {
        CdcListener listener = listener(db, "compat_missing").build();
        listener.attach(Item.class, new Events(), "public.no_such_table");
        assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("public.no_such_table").hasMessageContaining("does not exist");
    }

    @Test
    void incrementalSnapshotThroughTheSignalTable(PostgresDatabase db) throws Exception {
        exec("CREATE TABLE compat_inc (id int PRIMARY KEY, name text)",
                "INSERT INTO compat_inc SELECT g, 'old' FROM generate_series(1, 1000) g");
        Events events = new Events();
        CdcListener listener = listener(db, "compat_inc").snapshotMode(SnapshotMode.INCREMENTAL)
                .signalTable("compat_signal").incrementalSnapshotChunkSize(200).build();
        listener.attach(Item.class, events, "compat_inc");
        listener.start();
        try {
            exec("INSERT INTO compat_inc VALUES (5000, 'during')");
            List<String> reads = events.await(1000, e -> e.startsWith("r")
                    && Integer.parseInt(e.substring(1)) <= 1000);
            assertThat(reads.stream().distinct().count()).isEqualTo(1000);
            events.await(1, e -> e.equals("c5000"));
            listener.snapshot("compat_inc");
            events.await(2000, e -> e.startsWith("r") && Integer.parseInt(e.substring(1)) <= 1000);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void failoverSlotsNeedPostgres17(PostgresDatabase db) throws Exception {
        exec("CREATE TABLE compat_failover (id int PRIMARY KEY, name text)");
        Events events = new Events();
        CdcListener listener = listener(db, "compat_failover").snapshotMode(SnapshotMode.NEVER).failoverSlot(true)
                .build();
        listener.attach(Item.class, events, "compat_failover");
        if (ServerMajor.expected() < 17) {
            assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                    .hasMessageContaining("PostgreSQL 17").hasMessageContaining("failoverSlot(true)");
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM pg_replication_slots WHERE slot_name = "
                    + "'compat_failover'"), Long.class)).isZero();
            return;
        }
        listener.start();
        try {
            assertThat(client.queryRow(Sql.of("SELECT failover FROM pg_replication_slots WHERE slot_name = "
                    + "'compat_failover'"), Boolean.class)).isTrue();
            exec("INSERT INTO compat_failover VALUES (1, 'x')");
            events.await(1, e -> e.equals("c1"));
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
