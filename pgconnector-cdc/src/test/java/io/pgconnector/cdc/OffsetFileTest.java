package io.pgconnector.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.pgconnector.cdc.internal.AtomicFileOffsetBackingStore;
import io.pgconnector.embedded.PostgresDatabase;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for "a listener restarted during an incremental snapshot read no further chunk" (issue 14, the
 * stall of {@link SnapshotCrashTest}): Kafka's file offset store truncates the offset file and then writes it, so a
 * process killed during a save left an empty or cut file, which the next start read as "no offsets": it started over
 * and forgot the snapshot in progress, whose signal the slot had long passed. The listener's file store renames a
 * finished file over the old one, so a kill leaves the last saved offsets whole; and a damaged file is refused at
 * start rather than read as empty.
 */
class OffsetFileTest extends CdcTestBase {
    /** The key the child saves under. */
    static final ByteBuffer KEY = ByteBuffer.wrap("pgconnector-offset-file-test".getBytes(StandardCharsets.US_ASCII));

    private static final int KILLS = 6;

    record Row(int id) {
    }

    @Test
    @Timeout(300)
    void aProcessKilledWhileSavingLeavesTheLastSavedOffsetsWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("offsets.dat");
        Path log = dir.resolve("children.log");
        long seen = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            // The child saves without pause; it is killed once it saved a few times more, at no particular point
            // of a save.
            Process child = ChildJvm.startWithout(OffsetSaverChild.class, log, file.toString());
            long before = seen;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < before + 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
                seen = saved(file);
            }
            ChildJvm.kill(child);
            assertThat(seen).as("saves before kill %d", kill).isGreaterThanOrEqualTo(before + 5);
            long after = saved(file);
            assertThat(after).as("the count the file holds after kill %d (never older than one read before)", kill)
                    .isGreaterThanOrEqualTo(seen);
            seen = after;
        }
    }

    @Test
    void anEmptyOrCutOffsetFileIsRefusedAtStart(PostgresDatabase db, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("offsets.dat");
        AtomicFileOffsetBackingStore store = open(file);
        store.set(Map.of(KEY, ByteBuffer.wrap("1:x".repeat(200).getBytes(StandardCharsets.US_ASCII))), null)
                .get(10, TimeUnit.SECONDS);
        store.stop();
        byte[] whole = Files.readAllBytes(file);

        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(whole, whole.length / 2))) {
            Files.write(file, damaged);
            CdcListener listener = CdcTestSupport.listener(db, "offset_file_damaged")
                    .offsetStorage(OffsetStorage.file(file)).startTimeout(Duration.ofSeconds(30)).build();
            listener.attach(Row.class, new CdcService<>() { });
            assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                    .hasMessageContaining("The offset file " + file + " is empty or damaged")
                    .hasMessageContaining("Fix: restore the file, or delete it");
            assertThat(listener.isLive()).isFalse();
        }
    }

    /** The count of the last save the file holds (loading it as the listener does). */
    private static long saved(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        AtomicFileOffsetBackingStore store = open(file);
        try {
            ByteBuffer value = store.get(List.of(KEY)).get(10, TimeUnit.SECONDS).get(KEY);
            String text = StandardCharsets.US_ASCII.decode(value.duplicate()).toString();
            return Long.parseLong(text.substring(0, text.indexOf(':')));
        } finally {
            store.stop();
        }
    }

    private static AtomicFileOffsetBackingStore open(Path file) {
        AtomicFileOffsetBackingStore store = new AtomicFileOffsetBackingStore();
        store.configure(new EmbeddedWorkerConfig(new HashMap<>(Map.of("offset.storage.file.filename",
                file.toString()))));
        store.start();
        return store;
    }
}
