package io.pgconnector.cdc;

import java.time.Duration;
import java.util.Map;

/** Checks the typed connector settings of a {@link CdcListener.Builder} when it builds. */
final class TypedSettingsCheck {
    private TypedSettingsCheck() {
    }

    static void check(CdcListener.Builder b) {
        if (b.heartbeatActionQuery != null) {
            if (b.heartbeatActionQuery.isBlank()) {
                throw new IllegalArgumentException("heartbeatActionQuery must not be blank (null turns it off)");
            }
            if (b.heartbeatInterval.isZero()) {
                throw new IllegalArgumentException("heartbeatActionQuery runs at each heartbeat: set a non-zero "
                        + "heartbeatInterval");
            }
        }
        positive("statusUpdateInterval", b.statusUpdateInterval);
        positive("reconnect backoff", b.reconnectBackoff);
        if (b.reconnectAttempts < -1) {
            throw new IllegalArgumentException("reconnect attempts must be -1 (no limit), 0 or more, was "
                    + b.reconnectAttempts);
        }
        if (b.queryTimeout.isNegative() || !b.queryTimeout.isZero() && b.queryTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("queryTimeout must be zero (none) or at least 1 ms, was "
                    + b.queryTimeout);
        }
        if (b.maxQueueSizeInBytes < 0) {
            throw new IllegalArgumentException("maxQueueSizeInBytes must be 0 (no bound) or more, was "
                    + b.maxQueueSizeInBytes);
        }
        for (Map.Entry<String, String> e : b.slotStreamParams.entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") || e.getValue().contains(";")
                    || e.getValue().contains("=")) {
                throw new IllegalArgumentException("A slot stream parameter is a plain name and a value without ';' "
                        + "or '=', was " + e.getKey() + "=" + e.getValue());
            }
        }
        boolean configured = b.snapshotData != null;
        if (b.snapshotMode == SnapshotMode.CONFIGURATION_BASED && !configured) {
            throw new IllegalArgumentException("SnapshotMode.CONFIGURATION_BASED needs "
                    + "configurationBasedSnapshot(snapshotData, thenStream)");
        }
        if (b.snapshotMode != SnapshotMode.CONFIGURATION_BASED && configured) {
            throw new IllegalArgumentException("configurationBasedSnapshot(...) was set but snapshotMode was then "
                    + "changed to " + b.snapshotMode);
        }
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero() || d.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + d);
        }
    }
}
