package io.pgconnector.cdc.internal;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.SqlOperations;

import org.apache.kafka.connect.json.JsonConverter;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The offset table of {@code OffsetStorage.target}: one row per listener, keyed exactly as the engine's own offset
 * stores key it ({@code [name, partition]} as JSON), holding the engine's offset (read back at start through
 * {@link SeededOffsetBackingStore}) and the position of the last applied change (to pass over changes delivered
 * again after a restart).
 */
final class TargetOffsets {
    private final String table;
    private final String namespace;
    private final Map<String, String> partition;
    private final JsonConverter keys = converter(true);
    private final JsonConverter values = converter(false);
    private final byte[] key;

    /** The position of a change in the stream: (the last commit LSN before it, its own LSN), compared in order. */
    record Position(long commitLsn, long lsn) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compareUnsigned(commitLsn, o.commitLsn);
            return c != 0 ? c : Long.compareUnsigned(lsn, o.lsn);
        }
    }

    private record Stored(byte[] key, byte[] value) {
    }

    private record StoredPosition(Long commitLsn, Long changeLsn) {
    }

    TargetOffsets(String table, Properties engineProperties) {
        this.table = table;
        this.namespace = engineProperties.getProperty("name");
        this.partition = Map.of("server", engineProperties.getProperty("topic.prefix"));
        this.key = keys.fromConnectData(namespace, null, List.of(namespace, partition));
    }

    /** Creates the table if missing, and puts the stored offsets into the engine's properties. */
    void prepare(PostgresClient target, Properties engineProperties) {
        target.execute(Sql.of("CREATE TABLE IF NOT EXISTS " + table + " (offset_key bytea PRIMARY KEY, "
                + "offset_value bytea, commit_lsn bigint, change_lsn bigint, "
                + "updated_at timestamptz NOT NULL DEFAULT now())"));
        List<Stored> rows = target.queryList(Sql.of("SELECT offset_key AS key, offset_value AS value FROM " + table
                + " WHERE offset_key = ?", key), Stored.class, 1);
        Base64.Encoder b64 = Base64.getEncoder();
        int i = 0;
        for (Stored s : rows) {
            engineProperties.setProperty(SeededOffsetBackingStore.SEED + i + ".key", b64.encodeToString(s.key()));
            if (s.value() != null) {
                engineProperties.setProperty(SeededOffsetBackingStore.SEED + i + ".value",
                        b64.encodeToString(s.value()));
            }
            i++;
        }
    }

    /** Locks this listener's row for the transaction and returns the position of the last applied change. */
    Optional<Position> lockPosition(SqlOperations tx) {
        return tx.queryOptional(Sql.of("SELECT commit_lsn, change_lsn FROM " + table + " WHERE offset_key = ? "
                + "FOR UPDATE", key), StoredPosition.class)
                .filter(p -> p.commitLsn() != null && p.changeLsn() != null)
                .map(p -> new Position(p.commitLsn(), p.changeLsn()));
    }

    /** Stores the engine's offset and the position of the last applied change, in the caller's transaction. */
    void store(SqlOperations tx, Map<String, ?> offset, Position applied) {
        byte[] value = values.fromConnectData(namespace, null, offset);
        tx.execute(Sql.of("INSERT INTO " + table + " (offset_key, offset_value, commit_lsn, change_lsn, updated_at) "
                + "VALUES (?, ?, ?, ?, now()) ON CONFLICT (offset_key) DO UPDATE SET offset_value = "
                + "EXCLUDED.offset_value, commit_lsn = COALESCE(EXCLUDED.commit_lsn, " + table + ".commit_lsn), "
                + "change_lsn = COALESCE(EXCLUDED.change_lsn, " + table + ".change_lsn), updated_at = now()",
                key, value, applied == null ? null : applied.commitLsn(), applied == null ? null : applied.lsn()));
    }

    /**
     * Returns the position of a change from its source's {@code sequence} ({@code ["<last commit lsn>","<lsn>"]}),
     * or null when either part is missing (such a change is never passed over).
     */
    static Position position(String sequence) {
        if (sequence == null) {
            return null;
        }
        String s = sequence.replace("[", "").replace("]", "").replace("\"", "").strip();
        int comma = s.indexOf(',');
        if (comma < 0) {
            return null;
        }
        String commit = s.substring(0, comma).strip();
        String lsn = s.substring(comma + 1).strip();
        if (commit.isEmpty() || lsn.isEmpty() || "null".equals(commit) || "null".equals(lsn)) {
            return null;
        }
        try {
            return new Position(Long.parseLong(commit), Long.parseLong(lsn));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonConverter converter(boolean key) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false"), key);
        return c;
    }
}
