package io.pgconnector.cdc.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two consumer instances in separate JVMs share a 4-partition change topic in one group while 20,000 rows are
 * inserted (and some updated); one is killed with SIGKILL mid-stream and later restarted. Every row is delivered,
 * duplicates are counted, and within each instance's life the versions of a key never go backwards.
 */
class KafkaCrashTest extends KafkaCdcTestBase {
    private static final int ROWS = 20_000;
    private static final int BATCH = 200;
    private static final String PREFIX = "pgconnector_kcrash";

    @Test
    @Timeout(400)
    void everyRowIsDeliveredAcrossASigkilledConsumerAndOrderPerKeyIsKept(@TempDir Path dir) throws Exception {
        exec("CREATE TABLE crash (id int PRIMARY KEY, v int NOT NULL)");
        KafkaBroker.createTopic(PREFIX + ".public.crash", 4);
        runConnector(listener("kcrash"), "public.crash");

        String servers = KafkaBroker.bootstrapServers();
        List<Path> files = new ArrayList<>();
        Path a1 = dir.resolve("a-1.txt");
        Path b1 = dir.resolve("b-1.txt");
        files.add(a1);
        files.add(b1);
        Process a = ChildProcess.start(SourceChild.class, servers, "kcrash", PREFIX, a1.toString());
        Process b = ChildProcess.start(SourceChild.class, servers, "kcrash", PREFIX, b1.toString());
        AtomicInteger inserted = new AtomicInteger();
        Map<Integer, Integer> finalVersion = new HashMap<>();
        Thread writer = new Thread(() -> {
            try (PostgresClient w = PostgresClient.builder().host(database.host()).port(database.port())
                    .database(database.database()).username(database.username()).password(database.password())
                    .build()) {
                for (int from = 0; from < ROWS; from += BATCH) {
                    w.execute(Sql.of("INSERT INTO crash SELECT g, 0 FROM generate_series(?::int, ?::int) g", from,
                            from + BATCH - 1));
                    // Some keys change again and again: their versions must arrive in order.
                    w.execute(Sql.of("UPDATE crash SET v = v + 1 WHERE id % 500 = 0"));
                    inserted.addAndGet(BATCH);
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kcrash-writer");
        writer.start();
        try {
            // Kill a while it is busy: once it has handled a few thousand changes.
            await(() -> lines(List.of(a1)) >= 3_000, Duration.ofSeconds(150), "a to handle 3,000 changes");
            a.destroyForcibly();
            assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killedAt = lines(files);
            // b takes over a's partitions after the session timeout; a comes back once b has moved on.
            await(() -> lines(files) >= killedAt + 4_000, Duration.ofSeconds(150), "b to handle 4,000 more");
            Path a2 = dir.resolve("a-2.txt");
            files.add(a2);
            a = ChildProcess.start(SourceChild.class, servers, "kcrash", PREFIX, a2.toString());
            writer.join(TimeUnit.SECONDS.toMillis(180));
            assertThat(inserted.get()).isEqualTo(ROWS);
            try (var rows = client.query(Sql.of("SELECT id, v FROM crash WHERE id % 500 = 0"))) {
                rows.forEach(r -> finalVersion.put((Integer) r.get("id"), (Integer) r.get("v")));
            }

            BitSet seen = new BitSet(ROWS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Map<Integer, Integer> maxVersion = new HashMap<>();
            while (true) {
                seen.clear();
                maxVersion.clear();
                for (Path f : files) {
                    for (String line : Files.readAllLines(f)) {
                        String[] p = line.split(" ");
                        if (p.length == 3) {
                            int id = Integer.parseInt(p[0]);
                            seen.set(id);
                            maxVersion.merge(id, Integer.parseInt(p[1]), Math::max);
                        }
                    }
                }
                boolean versionsDone = finalVersion.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(maxVersion.get(e.getKey())));
                if ((seen.cardinality() == ROWS && versionsDone) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            long deliveries = lines(files);
            long expectedEvents = ROWS + finalVersion.values().stream().mapToLong(Integer::longValue).sum();
            System.out.printf("kafka crash test: rows=%d events=%d delivered=%d duplicates=%d "
                    + "(deliveries before the kill: %d)%n", ROWS, expectedEvents, deliveries,
                    deliveries - expectedEvents, killedAt);
            assertThat(seen.cardinality()).as("distinct keys delivered (first missing: %d)", seen.nextClearBit(0))
                    .isEqualTo(ROWS);
            assertThat(maxVersion).as("last version of the updated keys").containsAllEntriesOf(finalVersion);
            assertThat(deliveries).isGreaterThanOrEqualTo(expectedEvents);
            for (Path f : files) {
                assertVersionsNeverGoBack(f);
            }
        } finally {
            writer.interrupt();
            a.destroyForcibly();
            b.destroyForcibly();
            worker.deleteConnector(ConnectorConfig.name(listener("kcrash").build().config()), WAIT);
        }
    }

    private static long lines(List<Path> files) {
        long n = 0;
        try {
            for (Path f : List.copyOf(files)) {
                if (Files.exists(f)) {
                    n += Files.readAllLines(f).stream().filter(l -> !l.isEmpty()).count();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }

    /** Within one consumer's life, a key's versions arrive in order (a replay after a takeover starts a new file). */
    private static void assertVersionsNeverGoBack(Path file) throws java.io.IOException {
        Map<Integer, Integer> last = new HashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            String[] p = line.split(" ");
            if (p.length != 3) {
                continue;
            }
            int id = Integer.parseInt(p[0]);
            int v = Integer.parseInt(p[1]);
            Integer before = last.put(id, v);
            assertThat(before == null || before <= v).as("%s line %d: key %d went from version %s to %d",
                    file.getFileName(), lineNo, id, before, v).isTrue();
        }
    }
}
