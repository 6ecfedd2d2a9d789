package io.pgconnector.client.internal;

import org.postgresql.jdbc.PgConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps prepared statements open per physical connection, so that a statement run again on a pooled connection is
 * not prepared, wrapped and closed on every call. Each connection has a bounded LRU keyed by SQL text; a statement
 * lives as long as its connection (when the pool closes a connection, the server frees its statements with the
 * session) or until the LRU drops it.
 *
 * <p>Why here and not in the driver or the pool: pgjdbc's own cache ({@code preparedStatementCacheQueries}) already
 * keeps the parsed query and the server-side statement per connection, but every {@code prepareStatement} still
 * builds a statement object, and HikariCP wraps it and closes it when the connection goes back to the pool. The
 * statements here are prepared on the unwrapped connection, so the pool does not close them; the driver's cache still
 * decides when a statement becomes server-prepared ({@code prepareThreshold}) and heals a plan that a schema change
 * invalidated ("cached plan must not change result type" is re-prepared once by pgjdbc in autocommit mode).
 *
 * <p>A statement is lent to one call at a time: a physical connection serves one borrower at a time, and streams
 * (which stay open while the caller iterates, possibly with the same text twice in one transaction) never use the
 * cache. A statement whose execution failed stays usable and is kept, unless the connection broke. Because the pool does not see executions on the
 * unwrapped connection, a failure that leaves the connection unusable is shown to the pool (see
 * {@link #failed(Connection, Connection, SQLException)}) so that it evicts the connection as it would otherwise.
 */
final class StatementCache {
    /** No reuse: every call prepares and closes its statement through the pool, as plain JDBC does. */
    static final StatementCache NONE = new StatementCache(0);

    /** What a statement is prepared for: plain (a query or an update), or an insert returning key columns. */
    enum Use { PLAIN, KEYS }

    /** Runs one execution on a lent statement. */
    @FunctionalInterface
    interface Work<R> {
        R run(PreparedStatement ps) throws SQLException;
    }

    private final int size;
    private final Map<Connection, Slot> slots = new ConcurrentHashMap<>();

    StatementCache(int size) {
        this.size = size;
    }

    /**
     * Runs work on the statement for {@code sql} on a pooled connection: a kept one when there is one, else a new one
     * that is kept afterwards.
     *
     * @param pooled     the connection as the pool lent it
     * @param sql        the statement text
     * @param use        what the statement is for
     * @param keyColumns for {@link Use#KEYS}, the generated key columns to return
     * @param work       the execution
     * @return what the work returned
     * @throws SQLException if preparing or the work fails
     */
    <R> R run(Connection pooled, String sql, Use use, String[] keyColumns, Work<R> work) throws SQLException {
        Connection physical = size == 0 ? null : physical(pooled);
        if (physical == null) {
            try (PreparedStatement ps = prepare(pooled, sql, use, keyColumns)) {
                return work.run(ps);
            }
        }
        Slot slot = slots.get(physical);
        if (slot == null) {
            slot = new Slot(size);
            sweep();
            slots.put(physical, slot);
        }
        Kept kept = slot.take(use, sql, keyColumns);
        boolean keep = true;
        try {
            if (kept == null) {
                kept = new Kept(prepare(physical, sql, use, keyColumns), keyColumns);
            }
            return work.run(kept.statement);
        } catch (SQLException e) {
            // A failed execution leaves the statement usable; a broken connection does not.
            keep = !failed(pooled, physical, e);
            throw e;
        } finally {
            if (keep && kept != null) {
                slot.give(use, sql, kept);
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Use use, String[] keyColumns)
            throws SQLException {
        return use == Use.KEYS ? c.prepareStatement(sql, keyColumns) : c.prepareStatement(sql);
    }

    private static Connection physical(Connection pooled) {
        if (pooled instanceof PgConnection) {
            return pooled;
        }
        try {
            return pooled.unwrap(PgConnection.class);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** Forgets the statements of connections that are closed; called when a new connection shows up. */
    private void sweep() {
        for (Iterator<Connection> it = slots.keySet().iterator(); it.hasNext(); ) {
            try {
                if (it.next().isClosed()) {
                    it.remove();
                }
            } catch (SQLException e) {
                it.remove();
            }
        }
    }

    /** Forgets every kept statement (the client is closing; the pool closes the connections). */
    void clear() {
        slots.clear();
    }

    /** Returns how many statements are kept for a pooled connection (for tests). */
    int kept(Connection pooled) {
        Connection physical = physical(pooled);
        Slot slot = physical == null ? null : slots.get(physical);
        return slot == null ? 0 : slot.size();
    }

    /**
     * Shows a failure that broke the connection to the pool. The pool evicts a connection when one of its own calls
     * fails with a connection error; the execution ran on the unwrapped connection, so a cheap call through the pool's
     * wrapper lets the pool see the (now closed) connection fail.
     *
     * @return true when the connection is broken (its statements are of no more use)
     */
    static boolean failed(Connection pooled, Connection physical, SQLException e) {
        String state = e.getSQLState();
        try {
            boolean fatal = state != null && (state.startsWith("08") || state.startsWith("57P"));
            if (!fatal && !physical.isClosed()) {
                return false;
            }
            physical.close();
            pooled.getWarnings();
        } catch (SQLException expected) {
            // The pool has seen a closed connection and evicts it.
        }
        return true;
    }

    private static void close(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            // Closing frees a server-side statement; the end of the session frees it too.
        }
    }

    /** A kept statement; for {@link Use#KEYS}, with the key columns it returns. */
    private static final class Kept {
        final PreparedStatement statement;
        final String[] keyColumns;
        /** Lent to a call: it stays in its slot's map, and nothing else takes, replaces or drops it meanwhile. */
        boolean lent;

        Kept(PreparedStatement statement, String[] keyColumns) {
            this.statement = statement;
            this.keyColumns = keyColumns;
        }
    }

    /** One connection's statements, most recently used last, at most {@code size} of each use. */
    private static final class Slot {
        private final int size;
        private final Map<String, Kept>[] byUse;

        @SuppressWarnings("unchecked")
        Slot(int size) {
            this.size = size;
            this.byUse = new Map[Use.values().length];
            for (int i = 0; i < byUse.length; i++) {
                byUse[i] = new LinkedHashMap<>(16, 0.75f, true);
            }
        }

        /**
         * Lends a statement to one call, so that nothing else can close it meanwhile. A lent statement stays in the
         * map (looking it up makes it the most recently used), so a call on a kept statement allocates nothing here.
         * Null when there is none, or when it is lent already (a nested call with the same text on the connection).
         */
        synchronized Kept take(Use use, String sql, String[] keyColumns) {
            Map<String, Kept> m = byUse[use.ordinal()];
            Kept k = m.get(sql);
            if (k == null || k.lent) {
                return null;
            }
            if (use == Use.KEYS && !Arrays.equals(k.keyColumns, keyColumns)) {
                m.remove(sql);
                close(k.statement);
                return null;
            }
            k.lent = true;
            return k;
        }

        /**
         * Gives a statement back after a call: a lent one is simply free again; a new one is kept, replacing (and
         * closing) a free one of the same text, and the least recently used free statement beyond the bound is
         * closed. A lent statement is never replaced nor dropped: a new one of the same text is then closed.
         */
        synchronized void give(Use use, String sql, Kept k) {
            if (k.lent) {
                k.lent = false;
                return;
            }
            Map<String, Kept> m = byUse[use.ordinal()];
            Kept existing = m.get(sql);
            if (existing != null) {
                if (existing.lent) {
                    close(k.statement);
                    return;
                }
                close(existing.statement);
            }
            m.put(sql, k);
            if (m.size() > size) {
                for (Iterator<Kept> eldest = m.values().iterator(); eldest.hasNext(); ) {
                    Kept candidate = eldest.next();
                    if (!candidate.lent) {
                        eldest.remove();
                        close(candidate.statement);
                        break;
                    }
                }
            }
        }

        synchronized int size() {
            int n = 0;
            for (Map<String, Kept> m : byUse) {
                n += m.size();
            }
            return n;
        }
    }
}
