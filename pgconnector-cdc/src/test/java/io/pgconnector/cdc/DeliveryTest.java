package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.PostgresDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery promise: a change is committed only after its callback returned normally. */
class DeliveryTest extends CdcTestBase {
    record Row(int id, String name) {
    }

    @Test
    void callbackThatThrowsOnceIsRetriedAndTheChangeDelivered(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE retry_once (id int PRIMARY KEY, name text)");
        AtomicInteger calls = new AtomicInteger();
        Recorder<Row> rec = new Recorder<>() {
            @Override
            void before(Event<Row> e) {
                if (e.after().id() == 2 && calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("transient failure");
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "retry_once").snapshotMode(SnapshotMode.NEVER)
                .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(50))).build();
        listener.attach(Row.class, rec, "retry_once");
        listener.start();
        try {
            exec(client, "INSERT INTO retry_once VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            List<Recorder.Event<Row>> events = rec.awaitEvents(3, WAIT);
            assertThat(events).extracting(e -> e.after().id()).containsExactly(1, 2, 3);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(rec.errors()).isEmpty();
            assertThat(listener.isLive()).isTrue();
            assertThat(listener.failure()).isEmpty();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void callbackThatAlwaysThrowsStopsTheListenerWithoutCommittingAndIsRedeliveredAfterRestart(
            PostgresDatabase db, @TempDir Path dir) throws Exception {
        exec(client, "CREATE TABLE retry_always (id int PRIMARY KEY, name text)");
        Recorder<Row> failing = new Recorder<>() {
            @Override
            void before(Event<Row> e) {
                if (e.after().id() == 2) {
                    throw new IllegalStateException("permanent failure");
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "retry_always").snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.file(dir.resolve("nested/offsets.dat")))
                .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(20))).build();
        listener.attach(Row.class, failing, "retry_always");
        listener.start();
        try {
            exec(client, "INSERT INTO retry_always VALUES (1, 'a')");
            failing.awaitEvents(1, WAIT);
            exec(client, "INSERT INTO retry_always VALUES (2, 'b')");
            exec(client, "INSERT INTO retry_always VALUES (3, 'c')");

            assertThat(listener.awaitTermination(WAIT)).isTrue();
            assertThat(listener.isLive()).isFalse();
            assertThat(listener.failure()).isPresent();
            CdcException failure = listener.failure().get();
            assertThat(failure.getMessage()).contains("public.retry_always").contains("failed 3 time(s)")
                    .contains("permanent failure");
            assertThat(failure.source().operation()).isEqualTo(Operation.CREATE);
            assertThat(failing.errors()).hasSize(1);
            assertThat(failing.events()).extracting(e -> e.after().id()).containsExactly(1);
            CdcTestSupport.await(() -> !slotActive("retry_always"), WAIT, "slot released");

            // Restart with a healthy service: row 2 (never committed) and row 3 arrive.
            Recorder<Row> healthy = new Recorder<>();
            listener.detach(failing).attach(Row.class, healthy, "retry_always");
            listener.start();
            assertThat(listener.failure()).isEmpty();
            List<Recorder.Event<Row>> again = healthy.awaitEvents(2, e -> e.after().id() >= 2, WAIT);
            assertThat(again).extracting(e -> e.after().id()).containsExactly(2, 3);
            assertThat(healthy.events()).extracting(e -> e.after().id()).doesNotContain(1);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void exhaustedChangeIsSkippedOnlyWhenConfigured(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE retry_skip (id int PRIMARY KEY, name text)");
        Recorder<Row> rec = new Recorder<>() {
            @Override
            void before(Event<Row> e) {
                if (e.after().id() == 1) {
                    throw new IllegalStateException("bad row");
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "retry_skip").snapshotMode(SnapshotMode.NEVER)
                .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1)).skippingWhenExhausted())
                .build();
        listener.attach(Row.class, rec, "retry_skip");
        listener.start();
        try {
            exec(client, "INSERT INTO retry_skip VALUES (1, 'a'), (2, 'b')");
            assertThat(rec.awaitEvents(1, WAIT)).extracting(e -> e.after().id()).containsExactly(2);
            assertThat(rec.errors()).hasSize(1);
            assertThat(listener.isLive()).isTrue();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    static boolean slotActive(String slot) {
        return slotActiveIn(client, slot);
    }

    static boolean slotActiveIn(PostgresClient client, String slot) {
        return Boolean.TRUE.equals(client.queryRow(io.pgconnector.client.Sql.of(
                "SELECT coalesce((SELECT active FROM pg_replication_slots WHERE slot_name = ?), false)", slot),
                Boolean.class));
    }
}
