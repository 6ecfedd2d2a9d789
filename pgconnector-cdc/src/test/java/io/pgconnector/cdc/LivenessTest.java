package io.pgconnector.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stall detection: with a liveness interval, an idle listener stays live on heartbeats, turns not live within the
 * interval once its server is gone, and live again after the server returns. A private server, since it is stopped.
 */
@Timeout(180)
class LivenessTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration LIVENESS = Duration.ofSeconds(4);
    /** Slack for a loaded machine on top of the interval. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    record Row(int id) {
    }

    @Test
    void notLiveWithinTheIntervalWhenTheServerStopsAndLiveAgainWhenItReturns() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().logicalReplication(true).start()) {
            PostgresDatabase db = server.createDatabase("liveness");
            CdcListener listener = CdcTestSupport.listener(db, "liveness").snapshotMode(SnapshotMode.NEVER)
                    .heartbeatInterval(HEARTBEAT).livenessInterval(LIVENESS).build();
            listener.attach(Row.class, new CdcService<>() { });
            listener.start();
            try {
                // Idle for one and a half intervals: heartbeats alone keep it live.
                long idleUntil = System.nanoTime() + LIVENESS.multipliedBy(3).dividedBy(2).toNanos();
                while (System.nanoTime() < idleUntil) {
                    assertThat(listener.isLive()).as("live while idle, on heartbeats").isTrue();
                    Thread.sleep(50);
                }

                server.stop();
                long stopped = System.nanoTime();
                CdcTestSupport.await(() -> !listener.isLive(), LIVENESS.plus(SLACK), "not live after the stop");
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(LIVENESS.plus(SLACK));
                assertThat(listener.failure()).as("a lost server is retried, not a failure").isEmpty();

                server.start();
                CdcTestSupport.await(listener::isLive, Duration.ofSeconds(60), "live again after the restart");
            } finally {
                listener.stop();
                listener.dropSlotAndPublication();
            }
        }
    }

    @Test
    void withNoReconnectAttemptsALostServerFailsTheListener() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().logicalReplication(true).start()) {
            PostgresDatabase db = server.createDatabase("no_reconnect");
            CdcListener listener = CdcTestSupport.listener(db, "no_reconnect").snapshotMode(SnapshotMode.NO_DATA)
                    .reconnect(0, Duration.ofMillis(100)).build();
            listener.attach(Row.class, new CdcService<>() { });
            listener.start();
            try {
                server.stop();
                assertThat(listener.awaitTermination(Duration.ofSeconds(60))).isTrue();
                assertThat(listener.failure()).as("not retried: a failure").isPresent();
                assertThat(listener.isLive()).isFalse();
            } finally {
                listener.stop();
            }
        }
    }

    @Test
    void livenessNeedsHeartbeatsMoreFrequentThanIt() {
        assertThatThrownBy(() -> CdcListener.builder().heartbeatInterval(Duration.ZERO)
                .livenessInterval(Duration.ofSeconds(30)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("livenessInterval");
        assertThatThrownBy(() -> CdcListener.builder().heartbeatInterval(Duration.ofSeconds(10))
                .livenessInterval(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatInterval");
        assertThat(CdcListener.builder().build().config().livenessInterval()).isZero();
    }
}
