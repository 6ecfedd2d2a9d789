package io.pgconnector.cdc;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.debezium.embedded.KafkaConnectUtil;
import io.pgconnector.cdc.internal.AtomicFileOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetBackingStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The child process of {@link OffsetFileTest}: saves offsets into a file as fast as it can, each save a higher count,
 * until killed. Prints READY after the first save.
 */
public final class OffsetSaverChild {
    private OffsetSaverChild() {
    }

    /**
     * Runs until killed.
     *
     * @param args the offset file, and {@code kafka} to use Kafka's own file store instead of the listener's
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        OffsetBackingStore store = args.length > 1 && args[1].equals("kafka")
                ? KafkaConnectUtil.fileOffsetBackingStore() : new AtomicFileOffsetBackingStore();
        store.configure(new EmbeddedWorkerConfig(new HashMap<>(Map.of("offset.storage.file.filename", args[0]))));
        store.start();
        String padding = "x".repeat(8_000); // a save of some kilobytes, as an offset with a snapshot's keys is
        for (long n = 1; ; n++) {
            ByteBuffer value = ByteBuffer.wrap((n + ":" + padding).getBytes(StandardCharsets.US_ASCII));
            store.set(Map.of(OffsetFileTest.KEY, value), null).get();
            if (n == 1) {
                System.out.println("READY");
                System.out.flush();
            }
        }
    }
}
