package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.ColumnMask;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** The Debezium properties of the typed settings that have no fixed value (see {@code CdcConfig}'s table). */
final class TypedSettings {
    private TypedSettings() {
    }

    static void apply(CdcConfig c, Properties p) {
        // Masks of one kind and length share one property: their column lists are joined.
        Map<String, String> masks = new LinkedHashMap<>();
        for (ColumnMask m : c.columnMasks()) {
            if (m.kind() == ColumnMask.Kind.HASH) {
                continue; // applied by the listener while decoding (RowDecoder)
            }
            masks.merge(m.debeziumKey(), String.join(",", m.columns()), (a, b) -> a + "," + b);
        }
        masks.forEach(p::setProperty);
        if (c.heartbeatActionQuery() != null) {
            p.setProperty("heartbeat.action.query", c.heartbeatActionQuery());
        }
        p.setProperty("lsn.flush.mode", c.lsnFlushMode().debeziumName());
        if (!c.slotStreamParams().isEmpty()) {
            p.setProperty("slot.stream.params", c.slotStreamParams().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
        }
        p.setProperty("errors.max.retries", Integer.toString(c.reconnectAttempts()));
        p.setProperty("database.query.timeout.ms", Long.toString(c.queryTimeout().toMillis()));
        p.setProperty("skip.messages.without.change", Boolean.toString(c.skipMessagesWithoutChange()));
        p.setProperty("max.queue.size.in.bytes", Long.toString(c.maxQueueSizeInBytes()));
        if (c.snapshotData() != null) {
            p.setProperty("snapshot.mode.configuration.based.snapshot.data", c.snapshotData().toString());
            p.setProperty("snapshot.mode.configuration.based.start.stream", c.snapshotThenStream().toString());
        }
    }
}
