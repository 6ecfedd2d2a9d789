package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.types.PgLsn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's signalling table: creates it, and writes the {@code execute-snapshot} signals that start incremental
 * snapshots. The connector reads a signal from the change stream (not from the table), so a signal written after the
 * slot exists is seen exactly where it was committed: after a crash before the next offset commit it is read again
 * from the slot, and after a commit the snapshot's progress is in the offsets.
 *
 * <p>The initial incremental snapshot is signalled once per slot. Its signal row carries a fixed id per slot (the
 * marker): a start with no stored offsets whose slot exists and whose marker is in the table knows the signal is
 * already in the slot's stream and does not send another (two signals would read every row twice). The marker also
 * records the slot's confirmed position when it was written: if the slot has confirmed anything since, offsets were
 * committed after the signal and have been lost (deleted, or another storage), so the signal is behind the slot's
 * position and will not be read again: then the snapshot is signalled anew rather than never finishing.
 *
 * <p>The marker also records the server's WAL position just before it was written. The slot's confirmed position is
 * advanced from what was delivered, which can run ahead of the last offset save (Debezium commits to the slot the
 * offsets of records processed after the save it was told about). A process killed in that gap, shortly after the
 * signal was read, leaves offsets from before the signal with a slot already past it: the restart streams from the
 * slot, after the signal, and the snapshot never began (issue 14, a restarted child that read nothing). Stored offsets
 * that hold no snapshot progress and whose last commit lies before the marker, while the slot confirmed past it, are
 * that case: the snapshot is signalled anew.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
    /** The field of the marker's data that records the slot's confirmed position when the marker was written. */
    private static final String CONFIRMED_FIELD = "pgconnector-confirmed-lsn";
    private static final Pattern CONFIRMED = Pattern.compile("\"" + CONFIRMED_FIELD + "\":\"([^\"]+)\"");
    /** The field of the marker's data that records the server's WAL insert position just before it was written. */
    private static final String WAL_FIELD = "pgconnector-wal-lsn";
    private static final Pattern WAL = Pattern.compile("\"" + WAL_FIELD + "\":\"([^\"]+)\"");

    /** The offset key that Debezium stores while an incremental snapshot runs. */
    static final String SNAPSHOT_PROGRESS_KEY = "incremental_snapshot_collections";

    private Signals() {
    }

    /** The id of the initial snapshot's signal row of a slot. */
    static String markerId(CdcConfig c) {
        return "pgconnector-initial-" + c.slotName();
    }

    /**
     * Creates the signal table when it is missing and checks that the user may write to it.
     *
     * @throws CdcException if it cannot be created or written
     */
    static void prepare(Connection conn, CdcConfig c) throws SQLException {
        String table = c.signalTable();
        boolean exists;
        try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, sqlName(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                exists = rs.getBoolean(1);
            }
        }
        if (!exists) {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + sqlName(table)
                        + " (id text PRIMARY KEY, type text NOT NULL, data text)");
            } catch (SQLException e) {
                throw new CdcException("The signal table " + table + " does not exist and cannot be created ("
                        + e.getMessage() + "). Fix: CREATE TABLE " + sqlName(table) + " (id text PRIMARY KEY, type "
                        + "text NOT NULL, data text); GRANT SELECT, INSERT, DELETE ON " + sqlName(table)
                        + " TO <user>;", e.getSQLState(), e);
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT has_table_privilege(r, 'INSERT') AND has_table_privilege(r, 'SELECT') "
                        + "AND has_table_privilege(r, 'DELETE') FROM (SELECT ?::regclass AS r) t")) {
            ps.setString(1, sqlName(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new CdcException("The user may not read, write and delete in the signal table " + table
                            + " (signals and snapshot watermarks are rows in it). Fix: GRANT SELECT, INSERT, DELETE ON "
                            + sqlName(table) + " TO <user>;", "42501", null);
                }
            }
        }
    }

    /**
     * Decides whether this start must signal the initial incremental snapshot, and forgets a marker left by an earlier
     * slot of the same name (its signal is not in the new slot's stream).
     *
     * @param offsets the stored offsets, if any (then the connector resumes, snapshot progress included)
     */
    static boolean initialNeeded(Connection conn, CdcConfig c, Optional<Map<String, Object>> offsets)
            throws SQLException {
        if (offsets.isPresent()) {
            return savedBeforeASignalTheSlotPassed(conn, c, offsets.get());
        }
        Optional<Slot> slot = slot(conn, c);
        if (slot.isEmpty()) {
            deleteMarker(conn, c);
            return true;
        }
        Optional<String> marker = markerData(conn, c);
        if (marker.isEmpty()) {
            return true;
        }
        Matcher recorded = CONFIRMED.matcher(marker.get());
        if (recorded.find() && !recorded.group(1).equals(slot.get().confirmedLsn())) {
            LOG.warn("No offsets are stored for slot {}, but the slot confirmed positions after the initial "
                    + "incremental snapshot was signalled ({}, now {}): the offsets were lost, and with them the "
                    + "snapshot's progress. The snapshot is signalled again (onRead for every row again).",
                    c.slotName(), recorded.group(1), slot.get().confirmedLsn());
            deleteMarker(conn, c);
            return true;
        }
        return false;
    }

    /**
     * Whether stored offsets were saved before the initial signal was read while the slot confirmed past it (see the
     * class comment): then the signal is not in the stream a restart reads, and the snapshot must be signalled anew.
     * Offsets that record snapshot progress resume it; offsets whose last commit is after the marker's position saw
     * the signal (the snapshot ran, and may have finished).
     */
    private static boolean savedBeforeASignalTheSlotPassed(Connection conn, CdcConfig c, Map<String, Object> offsets)
            throws SQLException {
        if (offsets.containsKey(SNAPSHOT_PROGRESS_KEY)) {
            return false;
        }
        Object commit = offsets.containsKey("lsn_commit") ? offsets.get("lsn_commit") : offsets.get("lsn");
        if (!(commit instanceof Number savedCommit)) {
            return false;
        }
        Optional<String> data = markerData(conn, c);
        if (data.isEmpty()) {
            return false;
        }
        Matcher wal = WAL.matcher(data.get());
        Optional<Slot> slot = slot(conn, c);
        if (!wal.find() || slot.isEmpty() || slot.get().confirmedLsn() == null) {
            return false;
        }
        long signalled = PgLsn.parse(wal.group(1)).value();
        long confirmed = PgLsn.parse(slot.get().confirmedLsn()).value();
        if (Long.compareUnsigned(savedCommit.longValue(), signalled) > 0
                || Long.compareUnsigned(confirmed, signalled) <= 0) {
            return false;
        }
        LOG.warn("The stored offsets of slot {} were saved before the initial incremental snapshot was signalled "
                + "(last commit {}, signal after {}), but the slot confirmed positions after it ({}): the process "
                + "stopped after reading the signal and before saving the offsets, and a restart does not read the "
                + "signal again. The snapshot is signalled again.", c.slotName(), PgLsn.of(savedCommit.longValue()),
                wal.group(1), slot.get().confirmedLsn());
        deleteMarker(conn, c);
        return true;
    }

    /** The marker's data, or empty when there is no marker. */
    private static Optional<String> markerData(Connection conn, CdcConfig c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(data, '') FROM "
                + sqlName(c.signalTable()) + " WHERE id = ?")) {
            ps.setString(1, markerId(c));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The listener's slot: its confirmed position (null when it has none). */
    private record Slot(String confirmedLsn) {
    }

    /** The listener's slot, or empty when it does not exist. */
    private static Optional<Slot> slot(Connection conn, CdcConfig c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots "
                + "WHERE slot_name = ?")) {
            ps.setString(1, c.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Slot(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static void deleteMarker(Connection conn, CdcConfig c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + sqlName(c.signalTable())
                + " WHERE id = ?")) {
            ps.setString(1, markerId(c));
            ps.executeUpdate();
        }
    }

    /**
     * The tables the connector captures, as {@code schema.table}: those of the engine's include/exclude lists (which
     * already name the attached tables when nothing else is configured), never the signal table. Each must have a
     * primary key, since incremental snapshots read in key order.
     *
     * @throws CdcException if a table has no primary key
     */
    static List<String> capturedTables(Connection conn, CdcConfig c, Properties engine) throws SQLException {
        List<Pattern> inT = patterns(engine, "table.include.list");
        List<Pattern> exT = patterns(engine, "table.exclude.list");
        List<Pattern> inS = patterns(engine, "schema.include.list");
        List<Pattern> exS = patterns(engine, "schema.exclude.list");
        List<String> tables = new ArrayList<>();
        List<String> noKey = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT n.nspname, c.relname, EXISTS (SELECT 1 FROM "
                + "pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT "
                + "IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String name = schema + "." + rs.getString(2);
                if (name.equals(c.signalTable()) || !inS.isEmpty() && !matches(inS, schema)
                        || matches(exS, schema) || !inT.isEmpty() && !matches(inT, name) || matches(exT, name)) {
                    continue;
                }
                tables.add(name);
                if (!rs.getBoolean(3)) {
                    noKey.add(name);
                }
            }
        }
        if (!noKey.isEmpty()) {
            throw new CdcException("An incremental snapshot reads tables in primary-key order, and " + noKey
                    + " has no primary key. Fix: add a primary key, leave the table out (excludeTables), or use "
                    + "another snapshot mode.", "55000", null);
        }
        return tables;
    }

    /**
     * Writes an {@code execute-snapshot} signal for an incremental snapshot of tables.
     *
     * @param initial whether this is the initial snapshot's signal (the marker, which records the slot's confirmed
     *                position), else an ad-hoc one with a new UUID
     */
    static void send(CdcConfig c, boolean initial, Collection<String> tables) {
        StringBuilder data = new StringBuilder("{\"data-collections\":[");
        String sep = "";
        for (String t : tables) {
            data.append(sep).append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            sep = ",";
        }
        data.append("],\"type\":\"incremental\"");
        try (Connection conn = Preflight.connect(c);
                PreparedStatement ps = conn.prepareStatement("INSERT INTO " + sqlName(c.signalTable())
                        + " (id, type, data) VALUES (?, 'execute-snapshot', ?)")) {
            if (initial) {
                String confirmed = slot(conn, c).map(Slot::confirmedLsn).orElse(null);
                if (confirmed != null) {
                    data.append(",\"").append(CONFIRMED_FIELD).append("\":\"").append(confirmed).append('"');
                }
                // Before the insert: the signal's position in the WAL is after it.
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                    rs.next();
                    data.append(",\"").append(WAL_FIELD).append("\":\"").append(rs.getString(1)).append('"');
                }
            }
            data.append('}');
            ps.setString(1, initial ? markerId(c) : UUID.randomUUID().toString());
            ps.setString(2, data.toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CdcException("Cannot write the snapshot signal to " + c.signalTable() + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    /** {@code schema.table} as quoted SQL. */
    static String sqlName(String qualified) {
        int dot = qualified.indexOf('.');
        return Preflight.quoteIdent(qualified.substring(0, dot)) + "." + Preflight.quoteIdent(qualified.substring(dot
                + 1));
    }

    private static List<Pattern> patterns(Properties p, String key) {
        List<Pattern> list = new ArrayList<>();
        String v = p.getProperty(key);
        if (v != null && !v.isBlank()) {
            for (String s : v.split(",")) {
                list.add(Pattern.compile(s.strip(), Pattern.CASE_INSENSITIVE));
            }
        }
        return list;
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
