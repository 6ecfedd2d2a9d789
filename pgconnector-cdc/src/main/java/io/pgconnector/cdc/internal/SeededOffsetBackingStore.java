package io.pgconnector.cdc.internal;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The engine's offset store under {@code OffsetStorage.target}: it starts with the offsets the listener read from the
 * target table just before the start (passed in the engine's properties), and keeps the engine's own flushes in
 * memory only, since the durable copy is written by {@link TransactionalDelivery} in the services' transactions.
 * The engine's flushes still make the connector confirm positions to the server; they never pass what the target
 * table holds, because a change is marked processed only after its transaction committed.
 */
public final class SeededOffsetBackingStore extends MemoryOffsetBackingStore {
    /** The property prefix of the seeded entries: {@code <prefix><n>.key} and {@code <prefix><n>.value}. */
    static final String SEED = "offset.storage.pgconnector.seed.";

    /** Creates the store; the engine configures and starts it. */
    public SeededOffsetBackingStore() {
    }

    private Map<String, Object> originals = Map.of();

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        originals = config.originals();
    }

    @Override
    public synchronized void start() {
        super.start();
        Map<String, Object> o = originals;
        Base64.Decoder b64 = Base64.getDecoder();
        for (int i = 0; o.containsKey(SEED + i + ".key"); i++) {
            Object v = o.get(SEED + i + ".value");
            data.put(ByteBuffer.wrap(b64.decode(o.get(SEED + i + ".key").toString())),
                    v == null ? null : ByteBuffer.wrap(b64.decode(v.toString())));
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
