package io.pgconnector.cdc.internal;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.debezium.embedded.KafkaConnectUtil;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Reads and clears the engine's stored offset for this listener, through the same offset store, namespace and
 * converters as the engine, before the engine starts: the slot checks need to know whether a position was recorded.
 */
final class StoredOffsets {
    private final Properties properties;

    StoredOffsets(Properties engineProperties) {
        this.properties = engineProperties;
    }

    /** Whether offsets survive a restart at all (the memory store starts empty every time). */
    boolean durable() {
        return !MemoryOffsetBackingStore.class.getName().equals(properties.getProperty("offset.storage"));
    }

    /** The stored offset of this connector, or empty. */
    Optional<Map<String, Object>> read() {
        if (!durable()) {
            return Optional.empty();
        }
        OffsetBackingStore store = open();
        try {
            OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, namespace(), converter(true),
                    converter(false));
            return Optional.ofNullable(reader.offset(partition()));
        } finally {
            store.stop();
        }
    }

    /** Forgets the stored offset (writes a tombstone), so that the engine starts as if for the first time. */
    void clear() {
        if (!durable()) {
            return;
        }
        OffsetBackingStore store = open();
        try {
            OffsetStorageWriter writer = new OffsetStorageWriter(store, namespace(), converter(true), converter(false));
            writer.offset(partition(), null);
            if (writer.beginFlush()) {
                writer.doFlush((error, result) -> { }).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not clear the stored offsets: " + e, e);
        } finally {
            store.stop();
        }
    }

    private OffsetBackingStore open() {
        String type = properties.getProperty("offset.storage");
        OffsetBackingStore store;
        try {
            store = FileOffsetBackingStore.class.getName().equals(type) ? KafkaConnectUtil.fileOffsetBackingStore()
                    : (OffsetBackingStore) Class.forName(type).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Cannot create the offset store " + type + ": " + e, e);
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> config.put(k, properties.getProperty(k)));
        store.configure(new EmbeddedWorkerConfig(config));
        store.start();
        return store;
    }

    private String namespace() {
        return properties.getProperty("name");
    }

    private Map<String, String> partition() {
        return Map.of("server", properties.getProperty("topic.prefix"));
    }

    private static JsonConverter converter(boolean key) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false"), key);
        return c;
    }
}
