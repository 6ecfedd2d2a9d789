package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.embedded.PostgresDatabase;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting with nobody to deliver to is refused; immediateStop() cuts a callback short and loses nothing. */
class StopModesTest extends CdcTestBase {
    record Row(int id) {
    }

    @Test
    void startWithNoServiceIsRefusedInsteadOfCommittingChangesUndelivered(PostgresDatabase db) {
        CdcListener listener = CdcTestSupport.listener(db, "no_service").build();
        assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No service is attached");
        assertThat(listener.isLive()).isFalse();
        assertThat(client.queryRow(io.pgconnector.client.Sql.of(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'no_service'"), Long.class)).isZero();
    }

    @Test
    void immediateStopInterruptsABlockedCallbackAndItsChangeComesAgainAfterRestart(PostgresDatabase db,
            @TempDir Path dir) throws Exception {
        exec(client, "CREATE TABLE stop_now (id int PRIMARY KEY)");
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean block = new AtomicBoolean(true);
        Recorder<Row> rec = new Recorder<>() {
            @Override
            void before(Event<Row> e) {
                if (block.get()) {
                    entered.countDown();
                    try {
                        new CountDownLatch(1).await(); // a callback stuck on something that never answers
                    } catch (InterruptedException ex) {
                        interrupted.set(true);
                        throw new IllegalStateException("interrupted", ex);
                    }
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "stop_now").snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.file(dir.resolve("stop_now.offsets"))).build();
        listener.attach(Row.class, rec, "stop_now");
        listener.start();
        try {
            exec(client, "INSERT INTO stop_now VALUES (1)");
            assertThat(entered.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();

            listener.immediateStop();
            assertThat(listener.isLive()).isFalse();
            assertThat(listener.awaitTermination(WAIT)).isTrue();
            assertThat(interrupted).isTrue();
            assertThat(listener.failure()).as("an immediate stop is not a failure").isEmpty();
            assertThat(rec.errors()).isEmpty();
            assertThat(rec.events()).isEmpty();

            block.set(false);
            listener.start();
            assertThat(rec.awaitEvents(1, WAIT)).extracting(e -> e.after().id()).containsExactly(1);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
