package io.pgconnector.cdc.internal;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's connector MBeans of one listener (snapshot and streaming), each read with one lookup. A bean that does not
 * exist yet, or cannot be read, reads as "nothing running".
 */
final class ConnectorMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorMetrics.class);

    /**
     * The snapshot bean's state.
     *
     * @param running     a snapshot is running
     * @param completed   the snapshot is complete
     * @param rowsScanned the rows it scanned over all tables, once complete; else -1
     */
    record Snapshot(boolean running, boolean completed, long rowsScanned) {
        static final Snapshot NONE = new Snapshot(false, false, -1);
    }

    private final String server;

    /**
     * @param server the connector's server name (its topic prefix)
     */
    ConnectorMetrics(String server) {
        this.server = server;
    }

    /** The snapshot bean's state, or {@link Snapshot#NONE}. */
    Snapshot snapshot() {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName n : mbs.queryNames(name("snapshot"), null)) {
                boolean running = Boolean.TRUE.equals(mbs.getAttribute(n, "SnapshotRunning"));
                if (!Boolean.TRUE.equals(mbs.getAttribute(n, "SnapshotCompleted"))) {
                    return new Snapshot(running, false, -1);
                }
                // A Map<String, Long> attribute arrives as open data: one (key, value) row per table.
                long total = 0;
                if (mbs.getAttribute(n, "RowsScanned") instanceof TabularData rows) {
                    for (Object row : rows.values()) {
                        total += ((Number) ((CompositeData) row).get("value")).longValue();
                    }
                }
                return new Snapshot(running, true, total);
            }
        } catch (Exception e) {
            LOG.debug("Cannot read the connector's snapshot metrics: {}", e.toString());
        }
        return Snapshot.NONE;
    }

    /** Whether the streaming source is connected to the server. */
    boolean streamingConnected() {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName n : mbs.queryNames(name("streaming"), null)) {
                if (Boolean.TRUE.equals(mbs.getAttribute(n, "Connected"))) {
                    return true;
                }
            }
        } catch (Exception e) {
            LOG.debug("Cannot read the connector's streaming metrics: {}", e.toString());
        }
        return false;
    }

    /** Whether the connector captures: streaming, or its snapshot running or done. */
    boolean capturing() {
        if (streamingConnected()) {
            return true;
        }
        Snapshot s = snapshot();
        return s.running() || s.completed();
    }

    private ObjectName name(String context) throws javax.management.MalformedObjectNameException {
        return new ObjectName("debezium.postgres:type=connector-metrics,context=" + context + ",server=" + server
                + ",*");
    }
}
