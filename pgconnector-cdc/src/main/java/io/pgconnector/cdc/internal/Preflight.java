package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.PublicationAutoCreateMode;
import io.pgconnector.client.internal.ConnectionSpec;
import io.pgconnector.client.internal.tls.TlsFailures;
import io.pgconnector.client.internal.tls.TlsProperties;
import io.pgconnector.errors.PostgresException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks, over a plain JDBC connection, what the connector needs before the engine starts, so that a missing setting
 * or privilege fails fast with a message that says how to fix it (the engine itself reports such problems late,
 * through its completion callback, in its own words).
 */
final class Preflight {
    private static final long SLOT_RELEASE_WAIT_MS = 10_000;

    private Preflight() {
    }

    /**
     * How the CDC module's own connections (these checks, the slot guard, the offset table) reach the server: the
     * client's {@link ConnectionSpec}, with the listener's credentials and TLS settings.
     */
    static ConnectionSpec spec(CdcConfig c) {
        Map<String, String> p = new TreeMap<>(TlsProperties.of(c.tls()));
        p.put("connectTimeout", "10");
        p.put("loginTimeout", "20");
        p.put("socketTimeout", "60");
        p.put("ApplicationName", "pgconnector-cdc");
        return new ConnectionSpec(List.of(ConnectionSpec.server(c.host(), c.port())), c.database(), c.username(),
                c.password(), p);
    }

    static String jdbcUrl(CdcConfig c) {
        return spec(c).jdbcUrl();
    }

    /**
     * Connects as the client would, and on failure throws the {@link CdcException} of the listener's API whose cause
     * is the client's own exception for it: {@link io.pgconnector.errors.AuthenticationException} for refused
     * credentials, {@link io.pgconnector.errors.ConnectionException} for an unreachable server, a missing database
     * or a TLS failure.
     */
    static Connection connect(CdcConfig c) {
        try {
            return spec(c).connect();
        } catch (PostgresException clientError) {
            SQLException e = clientError.getCause() instanceof SQLException
                    ? (SQLException) clientError.getCause() : null;
            String state = clientError.sqlState();
            String driverMessage = e != null ? e.getMessage() : clientError.getMessage();
            String where = c.username() + "@" + c.host() + ":" + c.port() + "/" + c.database();
            if (state != null && state.startsWith("28")) {
                throw new CdcException("Authentication failed for " + where + ": check the username and password, "
                        + "and that pg_hba.conf admits this user from this host. (" + driverMessage + ")", state,
                        clientError);
            }
            if ("3D000".equals(state)) {
                throw new CdcException("Database '" + c.database() + "' does not exist on " + c.host() + ":"
                        + c.port() + ".", state, clientError);
            }
            String tls = TlsFailures.describe(e != null ? e : clientError, driverMessage);
            if (tls != null) {
                throw new CdcException("Cannot connect to " + where + " with TLS mode " + c.tls().mode() + ": " + tls,
                        state, clientError);
            }
            throw new CdcException("Cannot connect to " + where + ": " + driverMessage
                    + ". Check host, port, TLS settings and that the server is running.", state, clientError);
        }
    }

    /**
     * Runs the checks.
     *
     * @param tables the attached tables, {@code schema.table}
     */
    static void check(CdcConfig c, Collection<String> tables) {
        try (Connection conn = connect(c)) {
            checkWalLevel(conn);
            Role role = role(conn, c);
            checkTables(conn, tables);
            checkPublication(conn, c, role, tables);
            checkSlot(conn, c);
        } catch (SQLException e) {
            throw new CdcException("Checking the server for change data capture failed: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    private record Role(String name, boolean superuser, boolean replication) {
    }

    private static void checkWalLevel(Connection conn) throws SQLException {
        String level = scalar(conn, "SELECT current_setting('wal_level')");
        // PostgreSQL 19 turns logical decoding on by itself when a logical slot is created under wal_level =
        // replica, and reports it in effective_wal_level: such a server must not be refused.
        String effective = scalar(conn, "SELECT current_setting('effective_wal_level', true)");
        boolean enablesItself = effective != null && "replica".equals(level);
        if (!"logical".equals(level) && !enablesItself) {
            throw new CdcException("The server's wal_level is '" + level + "', but change data capture needs "
                    + "'logical'. Fix: run ALTER SYSTEM SET wal_level = logical (or set wal_level = logical in "
                    + "postgresql.conf) and restart the server; also make sure max_replication_slots and "
                    + "max_wal_senders are at least 1 (managed services: enable logical replication in the "
                    + "instance's parameter group / flags, e.g. rds.logical_replication = 1).", "55000", null);
        }
        int maxSlots = Integer.parseInt(scalar(conn, "SELECT current_setting('max_replication_slots')"));
        int maxSenders = Integer.parseInt(scalar(conn, "SELECT current_setting('max_wal_senders')"));
        if (maxSlots < 1 || maxSenders < 1) {
            throw new CdcException("The server has max_replication_slots = " + maxSlots + " and max_wal_senders = "
                    + maxSenders + "; both must be at least 1. Set them in postgresql.conf and restart the server.",
                    "55000", null);
        }
    }

    private static Role role(Connection conn, CdcConfig c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT current_user, rolsuper, rolreplication FROM pg_roles WHERE rolname = current_user");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Role r = new Role(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3));
            if (!r.superuser && !r.replication) {
                throw new CdcException("User '" + r.name + "' may not use logical replication: it needs the "
                        + "REPLICATION attribute. Fix (as a superuser): ALTER ROLE " + quoteIdent(r.name)
                        + " WITH REPLICATION;", "42501", null);
            }
            return r;
        }
    }

    private static void checkTables(Connection conn, Collection<String> tables) throws SQLException {
        for (String t : tables) {
            int dot = t.indexOf('.');
            try (PreparedStatement ps = conn.prepareStatement("SELECT c.oid, has_table_privilege(c.oid, 'SELECT') "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
                ps.setString(1, t.substring(0, dot));
                ps.setString(2, t.substring(dot + 1));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new CdcException("Table " + t + " (attached to a service) does not exist in this "
                                + "database. Check the name (schema.table, case-sensitive as stored) or create it "
                                + "before starting the listener.", "42P01", null);
                    }
                    if (!rs.getBoolean(2)) {
                        throw new CdcException("The user may not read table " + t + " (needed for the snapshot). "
                                + "Fix: GRANT SELECT ON " + t + " TO <user>;", "42501", null);
                    }
                }
            }
        }
    }

    private static void checkPublication(Connection conn, CdcConfig c, Role role, Collection<String> tables)
            throws SQLException {
        String pub = c.publicationName();
        boolean exists;
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, pub);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        PublicationAutoCreateMode mode = c.publicationAutoCreateMode();
        if (mode == PublicationAutoCreateMode.DISABLED) {
            if (!exists) {
                throw new CdcException("Publication '" + pub + "' does not exist and publicationAutoCreateMode is "
                        + "DISABLED. Fix: create it beforehand (CREATE PUBLICATION " + pub + " FOR TABLE ...; or "
                        + "FOR ALL TABLES as a superuser), or use FILTERED (needs ownership of the tables) or "
                        + "ALL_TABLES (needs a superuser).", "42704", null);
            }
            return;
        }
        if (role.superuser) {
            return;
        }
        if (mode == PublicationAutoCreateMode.ALL_TABLES && !exists) {
            throw new CdcException("Publication '" + pub + "' does not exist, and creating it FOR ALL TABLES "
                    + "(publicationAutoCreateMode ALL_TABLES) needs a superuser; '" + role.name + "' is not one. "
                    + "Fix: have a superuser run CREATE PUBLICATION " + pub + " FOR ALL TABLES; (then it is "
                    + "reused), or use FILTERED (needs ownership of the captured tables and CREATE on the database), "
                    + "or create the publication yourself and use DISABLED.", "42501", null);
        }
        if (mode == PublicationAutoCreateMode.FILTERED) {
            if (!exists && !"true".equals(scalar(conn,
                    "SELECT has_database_privilege(current_database(), 'CREATE')::text"))) {
                throw new CdcException("publicationAutoCreateMode FILTERED creates publication '" + pub + "', which "
                        + "needs CREATE on the database. Fix: GRANT CREATE ON DATABASE " + c.database() + " TO "
                        + quoteIdent(role.name) + "; or create the publication yourself and use DISABLED.",
                        "42501", null);
            }
            List<String> notOwned = new ArrayList<>();
            for (String t : tables) {
                int dot = t.indexOf('.');
                try (PreparedStatement ps = conn.prepareStatement("SELECT pg_has_role(c.relowner, 'USAGE') "
                        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = ? AND c.relname = ?")) {
                    ps.setString(1, t.substring(0, dot));
                    ps.setString(2, t.substring(dot + 1));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && !rs.getBoolean(1)) {
                            notOwned.add(t);
                        }
                    }
                }
            }
            if (!notOwned.isEmpty()) {
                throw new CdcException("publicationAutoCreateMode FILTERED adds tables to publication '" + pub
                        + "', which needs ownership of them; '" + role.name + "' does not own " + notOwned
                        + ". Fix: ALTER TABLE ... OWNER TO a role '" + role.name + "' is a member of, or create "
                        + "the publication as the owner and use DISABLED.", "42501", null);
            }
        }
    }

    private static void checkSlot(Connection conn, CdcConfig c) throws SQLException {
        long deadline = System.currentTimeMillis() + Math.min(SLOT_RELEASE_WAIT_MS, c.startTimeout().toMillis() / 2);
        while (true) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT plugin, database, active, active_pid "
                    + "FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, c.slotName());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        checkFreeSlot(conn);
                        return;
                    }
                    String plugin = rs.getString(1);
                    String db = rs.getString(2);
                    if (!"pgoutput".equals(plugin) || !c.database().equals(db)) {
                        throw new CdcException("Replication slot '" + c.slotName() + "' exists for plugin '" + plugin
                                + "' on database '" + db + "', not pgoutput on '" + c.database() + "'. Choose "
                                + "another slotName, or drop that slot (SELECT pg_drop_replication_slot('"
                                + c.slotName() + "')) if nothing uses it.", "55000", null);
                    }
                    if (!rs.getBoolean(3)) {
                        return;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new CdcException("Replication slot '" + c.slotName() + "' is in use by server process "
                                + rs.getInt(4) + " (another listener with the same slot name?). Stop that "
                                + "listener, or end the process with SELECT pg_terminate_backend(" + rs.getInt(4)
                                + ").", "55006", null);
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CdcException("Interrupted while waiting for slot '" + c.slotName() + "' to be released",
                        null, e);
            }
        }
    }

    private static void checkFreeSlot(Connection conn) throws SQLException {
        int max = Integer.parseInt(scalar(conn, "SELECT current_setting('max_replication_slots')"));
        int used = Integer.parseInt(scalar(conn, "SELECT count(*)::text FROM pg_replication_slots"));
        if (used >= max) {
            throw new CdcException("All " + max + " replication slots are in use, so a new slot cannot be created. "
                    + "Fix: drop unused slots (see SELECT slot_name, active FROM pg_replication_slots; then "
                    + "pg_drop_replication_slot(name)) or raise max_replication_slots and restart the server.",
                    "53400", null);
        }
    }

    static String scalar(Connection conn, String sql) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
