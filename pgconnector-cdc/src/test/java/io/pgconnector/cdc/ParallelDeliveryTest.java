package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parallel delivery: per-row order, truncates as barriers, nothing lost across a SIGKILL. */
class ParallelDeliveryTest extends CdcTestBase {
    private static final int KEYS = 50;
    private static final int VERSIONS = 100; // version 0 by the insert, 1..99 by updates: 5,000 changes

    record Row(int id, int version) {
    }

    /** 50 inserts, then 99 rounds of one update per key in a shuffled key order, 50 statements per transaction. */
    private static void write(PostgresClient c, String table) {
        c.transaction(tx -> {
            for (int k = 0; k < KEYS; k++) {
                tx.execute(Sql.of("INSERT INTO " + table + " VALUES (?, 0)", k));
            }
            return null;
        });
        Random random = new Random(15);
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            keys.add(k);
        }
        for (int v = 1; v < VERSIONS; v++) {
            Collections.shuffle(keys, random);
            int version = v;
            c.transaction(tx -> {
                for (int k : keys) {
                    tx.execute(Sql.of("UPDATE " + table + " SET version = ? WHERE id = ?", version, k));
                }
                return null;
            });
        }
    }

    @Test
    void fourThreadsKeepEachRowsOrderRunInParallelAndTreatTruncateAsABarrier(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE par_mem (id int PRIMARY KEY, version int)");
        Map<Integer, List<Integer>> versions = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        List<String> truncates = new CopyOnWriteArrayList<>();
        CdcListener listener = CdcTestSupport.listener(db, "par_mem").snapshotMode(SnapshotMode.NEVER)
                .deliveryThreads(4).build();
        listener.attach(Row.class, new CdcService<>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                handle(after);
            }

            @Override
            public void onUpdate(Row before, Row after, ChangeSource src) {
                handle(after);
            }

            @Override
            public void onTruncate(ChangeSource src) {
                truncates.add(delivered.get() + " delivered, " + (running.get()) + " running");
            }

            private void handle(Row row) {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                versions.computeIfAbsent(row.id(), k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(row.version());
                running.decrementAndGet();
                delivered.incrementAndGet();
            }
        }, "par_mem");
        listener.start();
        try {
            write(client, "par_mem");
            exec(client, "TRUNCATE par_mem", "INSERT INTO par_mem VALUES (1000, 1)");
            CdcTestSupport.await(() -> delivered.get() == KEYS * VERSIONS + 1, WAIT.multipliedBy(2),
                    "5,001 changes (" + delivered.get() + " so far)");
            for (int k = 0; k < KEYS; k++) {
                List<Integer> expected = new ArrayList<>();
                for (int v = 0; v < VERSIONS; v++) {
                    expected.add(v);
                }
                assertThat(versions.get(k)).as("versions of key %d in delivery order", k).isEqualTo(expected);
            }
            assertThat(truncates).containsExactly((KEYS * VERSIONS) + " delivered, 0 running");
            assertThat(versions.get(1000)).containsExactly(1);
            assertThat(maxRunning.get()).as("callbacks running at once").isGreaterThan(1).isLessThanOrEqualTo(4);
            assertThat(listener.failure()).isEmpty();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    @Timeout(240)
    void nothingIsLostAndEachRowStaysInOrderAcrossASigkill(PostgresDatabase db, @TempDir Path dir) throws Exception {
        exec(client, "CREATE TABLE par (id int PRIMARY KEY, version int)");
        Path offsets = dir.resolve("par.offsets");
        Path out = dir.resolve("delivered.txt");
        Files.createFile(out);
        Process child = ChildJvm.start(ParallelCrashChild.class, db, "par", offsets.toString(), out.toString());
        int kills = 0;
        try {
            Thread writer = new Thread(() -> write(client, "par"), "par-writer");
            writer.start();
            // Kill it twice mid-stream, once some changes were delivered since its start.
            for (; kills < 2; kills++) {
                long before = Files.lines(out).count();
                CdcTestSupport.await(() -> lines(out) > before + 800, WAIT.multipliedBy(2), "deliveries");
                ChildJvm.kill(child);
                child = ChildJvm.start(ParallelCrashChild.class, db, "par", offsets.toString(), out.toString());
            }
            writer.join();
            CdcTestSupport.await(() -> distinct(out) == KEYS * VERSIONS, WAIT.multipliedBy(3),
                    "every (key, version) delivered");
        } finally {
            ChildJvm.kill(child);
        }
        // Per run (one child process), each key's versions arrive strictly increasing: commit order, no repeat.
        Map<String, Map<Integer, Integer>> lastByRun = new HashMap<>();
        long lines = 0;
        for (String line : Files.readAllLines(out)) {
            String[] f = line.split(" ");
            int id = Integer.parseInt(f[1]);
            int version = Integer.parseInt(f[2]);
            Integer last = lastByRun.computeIfAbsent(f[0], k -> new HashMap<>()).put(id, version);
            if (last != null) {
                assertThat(version).as("key %d in run %s after version %d", id, f[0], last).isGreaterThan(last);
            }
            lines++;
        }
        System.out.printf("parallel crash test: kills=%d runs=%d changes=%d delivered=%d%n", kills,
                lastByRun.size(), KEYS * VERSIONS, lines);
        assertThat(lastByRun).hasSize(3);
        assertThat(distinct(out)).isEqualTo(KEYS * VERSIONS);
        CdcTestSupport.await(() -> !DeliveryTest.slotActiveIn(client, "par"), Duration.ofSeconds(30),
                "slot released");
        CdcTestSupport.listener(db, "par").build().dropSlotAndPublication();
    }

    private static long lines(Path out) {
        try {
            return Files.readAllLines(out).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long distinct(Path out) {
        try {
            return Files.readAllLines(out).stream().filter(l -> !l.isEmpty())
                    .map(l -> l.substring(l.indexOf(' ') + 1)).distinct().count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
