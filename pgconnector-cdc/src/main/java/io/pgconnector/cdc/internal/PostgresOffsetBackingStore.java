package io.pgconnector.cdc.internal;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Keeps the engine's offsets in a PostgreSQL table (Debezium's own JDBC offset store is not published for this
 * Debezium version). Each flush writes the changed entries in one transaction; the table is created if missing.
 * Instantiated by the engine through its no-argument constructor and configured from the engine's properties.
 */
public final class PostgresOffsetBackingStore extends MemoryOffsetBackingStore {
    private String url;
    private Properties connectionProperties;
    private String table;
    private Connection connection;
    private final Map<ByteBuffer, ByteBuffer> written = new HashMap<>();

    /** Creates the store; the engine configures and starts it. */
    public PostgresOffsetBackingStore() {
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, Object> o = config.originals();
        url = String.valueOf(o.get(DebeziumProperties.OFFSET_URL));
        table = String.valueOf(o.get(DebeziumProperties.OFFSET_TABLE));
        connectionProperties = new Properties();
        connectionProperties.setProperty("user", String.valueOf(o.get(DebeziumProperties.OFFSET_USER)));
        Object password = o.get(DebeziumProperties.OFFSET_PASSWORD);
        if (password != null) {
            connectionProperties.setProperty("password", password.toString());
        }
        String prefix = "offset.storage.pgconnector.driver.";
        o.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null) {
                connectionProperties.setProperty(k.substring(prefix.length()), v.toString());
            }
        });
        connectionProperties.setProperty("connectTimeout", "10");
        connectionProperties.setProperty("socketTimeout", "60");
        connectionProperties.setProperty("ApplicationName", "pgconnector-cdc-offsets");
    }

    @Override
    public synchronized void start() {
        super.start();
        try {
            Connection c = connection();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + table + " (offset_key bytea PRIMARY KEY, "
                        + "offset_value bytea, updated_at timestamptz NOT NULL DEFAULT now())");
            }
            c.commit();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT offset_key, offset_value FROM " + table)) {
                while (rs.next()) {
                    ByteBuffer k = ByteBuffer.wrap(rs.getBytes(1));
                    byte[] v = rs.getBytes(2);
                    ByteBuffer vb = v == null ? null : ByteBuffer.wrap(v);
                    data.put(k, vb);
                    written.put(k, vb);
                }
            }
            c.commit();
        } catch (SQLException e) {
            closeQuietly();
            throw new ConnectException("Cannot read CDC offsets from table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        closeQuietly();
    }

    @Override
    protected synchronized void save() {
        try {
            Connection c = connection();
            try (PreparedStatement up = c.prepareStatement("INSERT INTO " + table
                    + " (offset_key, offset_value, updated_at) VALUES (?, ?, now()) ON CONFLICT (offset_key) "
                    + "DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = now()");
                    PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE offset_key = ?")) {
                for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
                    if (e.getValue() != null && e.getValue().equals(written.get(e.getKey()))) {
                        continue;
                    }
                    if (e.getValue() == null) {
                        del.setBytes(1, array(e.getKey()));
                        del.addBatch();
                    } else {
                        up.setBytes(1, array(e.getKey()));
                        up.setBytes(2, array(e.getValue()));
                        up.addBatch();
                    }
                }
                up.executeBatch();
                del.executeBatch();
            }
            c.commit();
            written.clear();
            written.putAll(data);
        } catch (SQLException e) {
            closeQuietly();
            throw new ConnectException("Cannot write CDC offsets to table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, connectionProperties);
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing to do: the connection is gone either way
            }
            connection = null;
        }
    }

    static byte[] array(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
