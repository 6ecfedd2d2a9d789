package io.pgconnector.cdc.internal;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the engine's offsets in one Redis hash (field: the offset key, value: the offset, both as Debezium's bytes).
 * A flush writes every changed entry with one {@code HSET}, which Redis applies atomically. Instantiated by the
 * engine through its no-argument constructor and configured from the engine's properties.
 */
public final class RedisOffsetBackingStore extends MemoryOffsetBackingStore {
    static final String HOST = "offset.storage.pgconnector.redis.host";
    static final String PORT = "offset.storage.pgconnector.redis.port";
    static final String USER = "offset.storage.pgconnector.redis.user";
    static final String PASSWORD = "offset.storage.pgconnector.redis.password";
    static final String KEY = "offset.storage.pgconnector.redis.key";
    private static final int TIMEOUT_MILLIS = 10_000;

    private String host;
    private int port;
    private String user;
    private String password;
    private String key;
    private RespClient client;
    private final Map<ByteBuffer, ByteBuffer> written = new HashMap<>();

    /** Creates the store; the engine configures and starts it. */
    public RedisOffsetBackingStore() {
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, Object> o = config.originals();
        host = String.valueOf(o.get(HOST));
        port = Integer.parseInt(String.valueOf(o.get(PORT)));
        user = o.get(USER) == null ? null : o.get(USER).toString();
        password = o.get(PASSWORD) == null ? null : o.get(PASSWORD).toString();
        key = String.valueOf(o.get(KEY));
    }

    @Override
    public synchronized void start() {
        super.start();
        try {
            Object reply = client().call("HGETALL", key);
            if (reply instanceof List<?> items) {
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    ByteBuffer k = ByteBuffer.wrap((byte[]) items.get(i));
                    ByteBuffer v = ByteBuffer.wrap((byte[]) items.get(i + 1));
                    data.put(k, v);
                    written.put(k, v);
                }
            }
        } catch (IOException e) {
            closeQuietly();
            throw new ConnectException("Cannot read CDC offsets from Redis hash '" + key + "' at " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        closeQuietly();
    }

    @Override
    protected synchronized void save() {
        List<byte[]> set = new ArrayList<>();
        List<byte[]> delete = new ArrayList<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
            if (e.getValue() == null) {
                delete.add(PostgresOffsetBackingStore.array(e.getKey()));
            } else if (!e.getValue().equals(written.get(e.getKey()))) {
                set.add(PostgresOffsetBackingStore.array(e.getKey()));
                set.add(PostgresOffsetBackingStore.array(e.getValue()));
            }
        }
        try {
            if (!set.isEmpty()) {
                set.add(0, bytes(key));
                set.add(0, bytes("HSET"));
                client().call(set.toArray(new byte[0][]));
            }
            if (!delete.isEmpty()) {
                delete.add(0, bytes(key));
                delete.add(0, bytes("HDEL"));
                client().call(delete.toArray(new byte[0][]));
            }
            written.clear();
            written.putAll(data);
        } catch (IOException e) {
            closeQuietly();
            throw new ConnectException("Cannot write CDC offsets to Redis hash '" + key + "' at " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private RespClient client() throws IOException {
        if (client == null) {
            RespClient c = new RespClient(host, port, TIMEOUT_MILLIS);
            try {
                if (password != null) {
                    if (user != null) {
                        c.call("AUTH", user, password);
                    } else {
                        c.call("AUTH", password);
                    }
                }
            } catch (IOException e) {
                c.close();
                throw e;
            }
            client = c;
        }
        return client;
    }

    private void closeQuietly() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
            client = null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
