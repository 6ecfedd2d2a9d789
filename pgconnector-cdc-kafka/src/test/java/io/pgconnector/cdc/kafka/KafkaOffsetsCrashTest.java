package io.pgconnector.cdc.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OffsetStorage#kafka}: the embedded engine keeps its offsets in a Kafka topic, and across SIGKILLs of the JVM
 * running it while 20,000 rows are inserted, every row is delivered at least once. Bad settings fail early.
 */
@WithPostgres
class KafkaOffsetsCrashTest {
    private static final int ROWS = 20_000;
    private static final int BATCH = 100;
    private static final int KILLS = 3;

    @Test
    @Timeout(400)
    void everyKeyIsDeliveredAtLeastOnceAcrossSigkillsWithOffsetsInKafka(PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        String servers = KafkaBroker.bootstrapServers();
        Path out = dir.resolve("delivered.txt");
        Files.createFile(out);
        String[] args = {db.host(), Integer.toString(db.port()), db.database(), db.username(), db.password(),
                "ecrash", servers, "ecrash-offsets", out.toString()};
        try (PostgresClient client = client(db)) {
            client.execute(Sql.of("CREATE TABLE ecrash (id int PRIMARY KEY)"));
            client.execute(Sql.of("INSERT INTO ecrash SELECT g FROM generate_series(0, " + (BATCH - 1) + ") g"));
            Process child = ChildProcess.start(EngineChild.class, args);
            AtomicInteger inserted = new AtomicInteger(BATCH);
            Thread writer = new Thread(() -> {
                try (PostgresClient w = client(db)) {
                    for (int from = BATCH; from < ROWS; from += BATCH) {
                        w.execute(Sql.of("INSERT INTO ecrash SELECT g FROM generate_series(?::int, ?::int) g", from,
                                from + BATCH - 1));
                        inserted.addAndGet(BATCH);
                        Thread.sleep(40);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ecrash-writer");
            writer.start();
            int kills = 0;
            try {
                while (kills < KILLS || writer.isAlive()) {
                    Thread.sleep(1500 + (kills % 3) * 500);
                    child.destroyForcibly();
                    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    kills++;
                    awaitSlotInactive(client);
                    child = ChildProcess.start(EngineChild.class, args);
                }
                writer.join();
                assertThat(inserted.get()).isEqualTo(ROWS);
                BitSet seen = new BitSet(ROWS);
                long lines = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (true) {
                    seen.clear();
                    lines = 0;
                    for (String line : Files.readAllLines(out)) {
                        if (!line.isEmpty()) {
                            seen.set(Integer.parseInt(line));
                            lines++;
                        }
                    }
                    if (seen.cardinality() == ROWS || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(200);
                }
                System.out.printf("kafka offsets crash test: kills=%d rows=%d delivered=%d duplicates=%d%n", kills,
                        ROWS, lines, lines - seen.cardinality());
                assertThat(seen.cardinality()).as("distinct keys delivered (first missing: %d)",
                        seen.nextClearBit(0)).isEqualTo(ROWS);
            } finally {
                writer.interrupt();
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            awaitSlotInactive(client);
            CdcListener.builder().host(db.host()).port(db.port()).database(db.database()).username(db.username())
                    .password(db.password()).slotName("ecrash").publicationName("ecrash").build()
                    .dropSlotAndPublication();
        }
    }

    @Test
    @Timeout(60)
    void unreachableOffsetBrokersFailTheStartWithAClearError(PostgresDatabase db) {
        CdcListener listener = CdcListener.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).slotName("ebad").publicationName("ebad")
                .offsetStorage(OffsetStorage.kafka("127.0.0.1:1", "offsets")).build();
        listener.attach(java.util.Map.class, new io.pgconnector.cdc.CdcService<>() { });
        assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("Cannot reach the Kafka brokers 127.0.0.1:1 of the offset topic offsets");
        assertThat(listener.isLive()).isFalse();
    }

    @Test
    void badOffsetSettingsFailWhenBuilt() {
        assertThatThrownBy(() -> OffsetStorage.kafka("no-port", "t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> OffsetStorage.kafka("h:9092", "bad topic")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("topic name");
        assertThatThrownBy(() -> OffsetStorage.kafka("h:9092", "t").withReplicationFactor(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OffsetStorage.kafka("h:9092", "t").withClientProperty("bootstrap.servers", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        OffsetStorage s = OffsetStorage.kafka("h:9092", "t").withClientProperty("sasl.jaas.config", "secret-x");
        assertThat(s.toString()).contains("sasl.jaas.config").doesNotContain("secret-x");
    }

    private static PostgresClient client(PostgresDatabase db) {
        return PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).build();
    }

    /** A killed child's walsender lingers a moment: the next child would find the slot busy. */
    private static void awaitSlotInactive(PostgresClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Boolean active = client.queryRow(Sql.of("SELECT coalesce(bool_or(active), false) AS a "
                    + "FROM pg_replication_slots WHERE slot_name = 'ecrash'"), Boolean.class);
            if (!Boolean.TRUE.equals(active)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("slot ecrash still active after 30 s");
    }
}
