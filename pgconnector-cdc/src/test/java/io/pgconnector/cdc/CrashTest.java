package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
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

    private static Process startChild(PostgresDatabase db, Path offsets, Path out) throws IOException,
            InterruptedException {
        return startChild(db, "crash", offsets, out);
    }

    /**
     * Starts a {@link CrashChild} and returns once it printed READY. The child's output goes to {@code out}'s
     * sibling {@code <name>.log} (appended, for the diagnosis of a failure).
     *
     * @param extra further arguments (the chunk size of an incremental snapshot)
     */
    static Process startChild(PostgresDatabase db, String slot, Path offsets, Path out, String... extra)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.log.io.debezium=info", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(),
                db.host(), Integer.toString(db.port()), db.database(), db.username(), db.password(), slot,
                offsets.toString(), out.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer childLog = Files.newBufferedWriter(childLog(out), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        childLog.write("---- child started\n");
        StringBuilder log = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while ((line = r.readLine()) != null) {
            childLog.write(line + "\n");
            if (line.equals("READY")) {
                childLog.flush();
                Thread drain = new Thread(() -> {
                    try (childLog) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            childLog.write(l + "\n");
                            childLog.flush();
                        }
                    } catch (IOException ignored) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            log.append(line).append('\n');
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        childLog.close();
        p.destroyForcibly();
        throw new AssertionError("The child did not start:\n" + log);
    }

    /** Where {@link #startChild} writes the children's output. */
    static Path childLog(Path out) {
        return out.resolveSibling(out.getFileName() + ".log");
    }
}
