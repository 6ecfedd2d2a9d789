package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.EmbeddedStandby;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover slot survives the promotion of a standby: the listener, re-pointed at the new primary, resumes from the
 * synchronised slot and every committed row arrives.
 */
@Timeout(600)
class FailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int ROWS = 10_000;
    private static final int PER_TRANSACTION = 50;

    record Row(int id) {
    }

    /** Counts every delivery, so that duplicates show. */
    static final class Collector implements CdcService<Row> {
        final Set<Integer> ids = ConcurrentHashMap.newKeySet();
        final AtomicInteger deliveries = new AtomicInteger();
        /** A slow consumer before the failover, so that the primary stops with changes still unread. */
        volatile boolean slow = true;

        @Override
        public void onCreate(Row row, ChangeSource src) {
            if (slow) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ids.add(row.id());
            deliveries.incrementAndGet();
        }
    }

    @Test
    void failoverSlotResumesOnThePromotedStandbyWithoutLosingACommittedRow(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault();
             EmbeddedStandby standby = primary.startStandby()) {
            Collector collector = new Collector();
            Path offsets = dir.resolve("offsets.dat");
            int committed;
            CdcListener before = listener(primary, offsets);
            try (PostgresClient onPrimary = client(primary)) {
                onPrimary.execute(Sql.of("CREATE TABLE moved (id int PRIMARY KEY)"));
                onPrimary.execute(Sql.of("CREATE TABLE beat (id int PRIMARY KEY, at timestamptz)"));
                before.attach(Row.class, collector, "public.moved");
                before.start();
                assertThat(onPrimary.queryRow(Sql.of("SELECT failover FROM pg_replication_slots "
                        + "WHERE slot_name = 'moving'"), Boolean.class)).isTrue();
                committed = insert(onPrimary, 1, ROWS / 10);
                standby.awaitSlotSynced("moving", WAIT);
                committed += insert(onPrimary, ROWS / 10 + 1, ROWS / 2);
                standby.awaitReplay(WAIT);
            }
            int deliveredBeforeFailover = collector.ids.size();
            long failoverStarted = System.nanoTime();
            primary.stop();                  // mid-stream: the listener may not have everything yet
            standby.promote();
            before.stop();
            collector.slow = false;

            CdcListener after = listener(standby.server(), offsets);
            after.attach(Row.class, collector, "public.moved");
            after.start();
            long resumedMillis = (System.nanoTime() - failoverStarted) / 1_000_000;
            try (PostgresClient onNewPrimary = client(standby.server())) {
                committed += insert(onNewPrimary, ROWS / 2 + 1, ROWS);
                await(() -> collector.ids.size() == ROWS, WAIT, "all " + ROWS + " rows");
            } finally {
                after.stop();
            }
            assertThat(committed).isEqualTo(ROWS);
            assertThat(deliveredBeforeFailover).as("the primary stopped mid-stream").isLessThan(ROWS / 2);
            for (int id = 1; id <= ROWS; id++) {
                assertThat(collector.ids).as("row %d was committed", id).contains(id);
            }
            System.out.printf("failover: %d rows, %d delivered before the primary stopped, %d deliveries "
                    + "(%d duplicates), resumed on the new primary %d ms after the stop%n", ROWS,
                    deliveredBeforeFailover, collector.deliveries.get(), collector.deliveries.get() - ROWS,
                    resumedMillis);
        }
    }

    private static int insert(PostgresClient client, int from, int to) {
        int rows = 0;
        for (int start = from; start <= to; start += PER_TRANSACTION) {
            int end = Math.min(to, start + PER_TRANSACTION - 1);
            client.execute(Sql.of("INSERT INTO moved SELECT generate_series(?, ?)", start, end));
            rows += end - start + 1;
        }
        return rows;
    }

    private static CdcListener listener(EmbeddedPostgres server, Path offsets) {
        return CdcListener.builder().host(server.host()).port(server.port()).database("postgres")
                .username(server.username()).password(server.password())
                .slotName("moving").publicationName("moving").failoverSlot(true)
                .snapshotMode(SnapshotMode.NEVER).heartbeatInterval(Duration.ofMillis(500))
                // An idle slot's catalog xmin moves only when the listener confirms a later transaction; the
                // standby makes its copy of the slot usable only after that (see EmbeddedStandby.awaitSlotSynced).
                .debeziumProperty("heartbeat.action.query",
                        "INSERT INTO beat VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET at = now()")
                .offsetStorage(OffsetStorage.file(offsets)).startTimeout(Duration.ofSeconds(120)).build();
    }

    private static PostgresClient client(EmbeddedPostgres server) {
        return PostgresClient.builder().host(server.host()).port(server.port()).database("postgres")
                .username(server.username()).password(server.password()).build();
    }
}
