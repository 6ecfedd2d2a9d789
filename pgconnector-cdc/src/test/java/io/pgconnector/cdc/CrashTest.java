package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once across crashes: a child JVM runs the listener and records delivered keys; the parent inserts 20,000
 * rows while killing the child with SIGKILL at least 5 times, and in the end every key was delivered.
 */
@WithPostgres
class CrashTest {
    private static final int ROWS = 20_000;
    private static final int BATCH = 50;
    private static final int MIN_KILLS = 5;

    @Test
    @Timeout(300)
    void everyKeyIsDeliveredAtLeastOnceAcrossSigkills(PostgresDatabase db, @TempDir Path dir) throws Exception {
        Path offsets = dir.resolve("offsets/crash.offsets");
        Path out = dir.resolve("delivered.txt");
        Files.createFile(out);
        try (PostgresClient client = CdcTestSupport.client(db)) {
            exec(client, "CREATE TABLE crash (id int PRIMARY KEY, payload text)");
            // A few rows before the first start: they come through the snapshot.
            exec(client, "INSERT INTO crash SELECT g, 'pre' FROM generate_series(0, " + (BATCH - 1) + ") g");

            Process child = startChild(db, offsets, out);
            AtomicInteger inserted = new AtomicInteger(BATCH);
            Thread writer = new Thread(() -> {
                try (PostgresClient w = CdcTestSupport.client(db)) {
                    for (int from = BATCH; from < ROWS; from += BATCH) {
                        w.execute(Sql.of("INSERT INTO crash SELECT g, 'row ' || g FROM generate_series(?::int, "
                                + "?::int) g", from, from + BATCH - 1));
                        inserted.addAndGet(BATCH);
                        Thread.sleep(40);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "crash-writer");
            writer.start();

            int kills = 0;
            long starts = 1;
            while (kills < MIN_KILLS || writer.isAlive()) {
                // Let it deliver for a moment, then kill it mid-stream.
                Thread.sleep(400 + (kills % 3) * 300);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                kills++;
                child = startChild(db, offsets, out);
                starts++;
            }
            writer.join();
            assertThat(inserted.get()).isEqualTo(ROWS);

            // The last child catches up.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            BitSet seen = new BitSet(ROWS);
            long lines = 0;
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
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            System.out.printf("crash test: kills=%d starts=%d rows=%d delivered=%d duplicates=%d%n", kills, starts,
                    ROWS, lines, lines - seen.cardinality());
            assertThat(kills).isGreaterThanOrEqualTo(MIN_KILLS);
            assertThat(seen.cardinality()).as("distinct keys delivered (first missing: %d)", seen.nextClearBit(0))
                    .isEqualTo(ROWS);
            CdcTestSupport.await(() -> !DeliveryTest.slotActiveIn(client, "crash"),
                    java.time.Duration.ofSeconds(30), "slot released");
            CdcTestSupport.listener(db, "crash").build().dropSlotAndPublication();
        }
    }

    private static Process startChild(PostgresDatabase db, Path offsets, Path out) throws IOException {
        return startChild(db, "crash", offsets, out);
    }

    /**
     * Starts a {@link CrashChild} and returns once it printed READY.
     *
     * @param extra further arguments (the chunk size of an incremental snapshot)
     */
    static Process startChild(PostgresDatabase db, String slot, Path offsets, Path out, String... extra)
            throws IOException {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(slot, offsets.toString(),
                out.toString()));
        args.addAll(java.util.List.of(extra));
        return ChildJvm.start(CrashChild.class, childLog(out), db, args.toArray(String[]::new));
    }

    /** The log of every child that wrote to {@code out}: all their output, beside the delivery file. */
    static Path childLog(Path out) {
        return out.resolveSibling(out.getFileName() + ".log");
    }
}
