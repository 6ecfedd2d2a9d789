package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.await;
import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The status shows real lag while a callback holds the listener back, and how it recovers. */
class StatusTest extends CdcTestBase {
    record Item(int id) {
    }

    @Test
    void statusShowsLagRetriesAndDeliveriesOfARealBacklog(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE backlog (id int PRIMARY KEY, pad text)");
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean failedOnce = new AtomicBoolean();
        CdcService<Item> slow = new CdcService<>() {
            @Override
            public void onCreate(Item row, ChangeSource src) {
                if (row.id() == 1 && failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("first attempt fails");
                }
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "status_lag").snapshotMode(SnapshotMode.NEVER)
                .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(10)))
                .build();
        listener.attach(Item.class, slow, "backlog");
        assertThat(listener.status().state()).isEqualTo(CdcStatus.State.STOPPED);
        listener.start();
        try {
            assertThat(listener.status().state()).isEqualTo(CdcStatus.State.STREAMING);
            assertThat(listener.status().slotName()).isEqualTo("status_lag");
            exec(client, "INSERT INTO backlog SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g");

            await(() -> listener.status().retries() == 1, WAIT, "the retry of the first change");
            await(() -> listener.status().lagBytes() > 200_000, WAIT, "the backlog to show as lag");
            CdcStatus blocked = listener.status();
            assertThat(blocked.eventsDelivered()).isZero();
            assertThat(blocked.confirmedLsn()).isPresent();
            assertThat(blocked.isCapturing()).isTrue();

            release.countDown();
            await(() -> listener.status().eventsDelivered() == 2000, WAIT, "all 2000 changes delivered");
            await(() -> listener.status().lagBytes() < blocked.lagBytes(), WAIT, "the lag to shrink");
            CdcStatus caughtUp = listener.status();
            assertThat(caughtUp.confirmedLsn().orElseThrow()).isGreaterThan(blocked.confirmedLsn().orElseThrow());
            assertThat(caughtUp.lag()).isPresent();
            assertThat(caughtUp.lastError()).isEmpty();
        } finally {
            release.countDown();
            listener.stop();
            listener.dropSlotAndPublication();
        }
        assertThat(listener.status().state()).isEqualTo(CdcStatus.State.STOPPED);
        assertThat(listener.status().lagBytes()).as("no slot any more").isEqualTo(-1);
    }
}
