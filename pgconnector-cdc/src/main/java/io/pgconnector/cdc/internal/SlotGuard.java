package io.pgconnector.cdc.internal;

import io.pgconnector.client.internal.ConnectionSpec;
import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.SlotLossPolicy;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.types.PgLsn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Refuses to resume past a gap. Before the engine starts, the slot's state on the server is compared with the stored
 * offset: an invalidated slot, or a missing slot while an offset records a position in it, means changes were lost
 * (Debezium would create a new slot and stream on from the current position without a word). The
 * {@link SlotLossPolicy} then decides: fail with a message that says what happened and what to do, or start afresh
 * with a new snapshot.
 */
final class SlotGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SlotGuard.class);

    private SlotGuard() {
    }

    /** The slot's loss, if any: the server's reason ({@code wal_removed}, ...) or {@code dropped}. */
    record Loss(String reason, String offsetLsn) {
    }

    /**
     * Checks the slot before a start and applies the policy.
     *
     * @throws CdcException under {@link SlotLossPolicy#FAIL} when the slot is lost
     */
    /**
     * Tells whether a configuration streams changes after its snapshot (and so has a replication slot to watch).
     *
     * @param c the configuration
     * @return false for {@link SnapshotMode#INITIAL_ONLY} and a configuration-based snapshot without streaming
     */
    static boolean streams(CdcConfig c) {
        return c.snapshotMode() != SnapshotMode.INITIAL_ONLY
                && !(c.snapshotMode() == SnapshotMode.CONFIGURATION_BASED
                        && Boolean.FALSE.equals(c.snapshotThenStream()));
    }

    static void check(CdcConfig c, Properties engineProperties) {
        StoredOffsets offsets = new StoredOffsets(engineProperties);
        Optional<Map<String, Object>> offset;
        try {
            offset = offsets.read();
        } catch (RuntimeException e) {
            // An offset store we cannot open here (say a remote one) still works for the engine: do not block it.
            LOG.debug("Cannot read the stored offsets before the start: {}", e.toString());
            offset = Optional.empty();
        }
        Optional<Loss> loss;
        try (Connection conn = Preflight.connect(c)) {
            if (c.failoverSlot()) {
                checkFailover(conn, c);
            }
            if (!streams(c)) {
                // A snapshot that does not stream has no slot: nothing can be lost.
                return;
            }
            loss = loss(conn, c.slotName(), offset);
            if (loss.isEmpty()) {
                return;
            }
            if (c.slotLossPolicy() == SlotLossPolicy.FAIL) {
                throw lost(c, loss.get());
            }
            if (c.snapshotMode() == SnapshotMode.NEVER) {
                throw new CdcException(lost(c, loss.get()).getMessage() + " slotLossPolicy RESNAPSHOT needs a "
                        + "snapshot mode that reads the tables' data; snapshotMode is NEVER.", "55000", null);
            }
            LOG.warn("Replication slot '{}' is lost ({}); as slotLossPolicy RESNAPSHOT says, it is recreated and the "
                    + "captured tables are snapshotted again (onRead for every row). Changes since LSN {} are covered "
                    + "by the snapshot, not delivered one by one.", c.slotName(), loss.get().reason(),
                    loss.get().offsetLsn());
            try (PreparedStatement ps = conn.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                    + "FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, c.slotName());
                ps.execute();
            }
        } catch (SQLException e) {
            throw new CdcException("Checking replication slot '" + c.slotName() + "' failed: " + e.getMessage(),
                    e.getSQLState(), e);
        }
        offsets.clear();
    }

    /** Failover slots need PostgreSQL 17; an existing ordinary slot is converted (Debezium would leave it). */
    private static void checkFailover(Connection conn, CdcConfig c) throws SQLException {
        int version = Integer.parseInt(Preflight.scalar(conn, "SELECT current_setting('server_version_num')"));
        if (version < 170000) {
            throw new CdcException("failoverSlot(true) needs PostgreSQL 17 or later (failover slots are synchronised "
                    + "to standbys from 17 on); the server at " + c.host() + ":" + c.port() + " runs "
                    + Preflight.scalar(conn, "SHOW server_version") + ". Remove failoverSlot(true) or upgrade the "
                    + "server.", "0A000", null);
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND NOT failover AND slot_type = 'logical'")) {
            ps.setString(1, c.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
        }
        ConnectionSpec replication = Preflight.spec(c).with("replication", "database")
                .with("preferQueryMode", "simple").with("assumeMinServerVersion", "10");
        try (Connection repl = java.sql.DriverManager.getConnection(replication.jdbcUrl(),
                replication.connectProperties());
                java.sql.Statement st = repl.createStatement()) {
            st.execute("ALTER_REPLICATION_SLOT " + Preflight.quoteIdent(c.slotName()) + " ( FAILOVER true )");
        }
        LOG.info("Replication slot '{}' was converted to a failover slot", c.slotName());
    }

    /** The loss of the slot as the server and the stored offset tell it, or empty when the slot can be resumed. */
    static Optional<Loss> loss(Connection conn, String slot, Optional<Map<String, Object>> offset)
            throws SQLException {
        String lsn = offset.map(o -> o.get("lsn")).filter(Number.class::isInstance)
                .map(n -> PgLsn.of(((Number) n).longValue()).toString()).orElse("unknown");
        int version = Integer.parseInt(Preflight.scalar(conn, "SELECT current_setting('server_version_num')"));
        String sql = version >= 170000
                ? "SELECT coalesce(invalidation_reason, CASE WHEN wal_status = 'lost' THEN 'wal_removed' END) "
                        + "FROM pg_replication_slots WHERE slot_name = ?"
                : "SELECT CASE WHEN wal_status = 'lost' THEN 'wal_removed' END FROM pg_replication_slots "
                        + "WHERE slot_name = ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // No slot: the first start, unless an offset records a position in a slot that is gone.
                    return offset.filter(o -> o.containsKey("lsn")).map(o -> new Loss("dropped", lsn));
                }
                String reason = rs.getString(1);
                return reason == null ? Optional.empty() : Optional.of(new Loss(reason, lsn));
            }
        }
    }

    /**
     * After the engine stopped with an error: the loss of the slot, if that is why (an invalidated slot cuts the
     * streaming connection off, and the reconnect is refused), as the error to report instead of the engine's.
     */
    static Optional<CdcException> lostWhileRunning(CdcConfig c, Throwable cause) {
        try (Connection conn = Preflight.connect(c)) {
            return loss(conn, c.slotName(), Optional.of(Map.<String, Object>of("lsn", "unknown")))
                    .map(loss -> new CdcException(lost(c, loss, true).getMessage(), "55000", cause));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The error for a lost slot: what happened, why, and what to do. */
    static CdcException lost(CdcConfig c, Loss loss) {
        return lost(c, loss, false);
    }

    private static CdcException lost(CdcConfig c, Loss loss, boolean running) {
        String where = c.host() + ":" + c.port() + "/" + c.database();
        String why = switch (loss.reason()) {
            case "dropped" -> "it does not exist on " + where + ", but the stored offsets record a position in it "
                    + "(LSN " + loss.offsetLsn() + "): it was dropped, or it was not synchronised to this server "
                    + "before a failover (create it with failoverSlot(true) on PostgreSQL 17+)";
            case "wal_removed" -> "the server invalidated it (wal_removed): it removed WAL the slot still needed, "
                    + "because the slot fell behind by more than max_slot_wal_keep_size (while the listener was "
                    + "stopped or slow). Raise max_slot_wal_keep_size or keep the listener running to prevent it";
            case "idle_timeout" -> "the server invalidated it (idle_timeout): it was unused for longer than "
                    + "idle_replication_slot_timeout. Raise that setting or keep the listener running to prevent it";
            case "rows_removed" -> "the server invalidated it (rows_removed): catalog rows it needed were removed "
                    + "(on a standby: turn hot_standby_feedback on and use a physical slot)";
            case "wal_level_insufficient" -> "the server invalidated it (wal_level_insufficient): wal_level was "
                    + "lowered below logical";
            default -> "the server invalidated it (" + loss.reason() + ")";
        };
        return new CdcException("Replication slot '" + c.slotName() + "' is lost: " + why + ". The changes "
                + "committed after the last handled position (LSN " + loss.offsetLsn() + ") can no longer be read, "
                + (running ? "so the listener stopped. " : "so the listener does not start (slotLossPolicy FAIL). ")
                + "What to do: to recapture from a new slot "
                + "with a new snapshot of the captured tables (every row through onRead again), start with "
                + "slotLossPolicy(RESNAPSHOT); or reconcile by other means, then drop the slot "
                + "(SELECT pg_drop_replication_slot('" + c.slotName() + "')) and delete the stored offsets ("
                + c.offsetStorage() + ").", "55000", null);
    }
}
