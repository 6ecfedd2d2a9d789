package io.pgconnector.embedded;

import io.pgconnector.embedded.internal.BaseBackup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming standby (hot, read-only) of an {@link EmbeddedPostgres} primary, for failover and
 * read-replica tests without Docker. Started by {@link EmbeddedPostgres#startStandby()}.
 *
 * <p>The standby is built from an online copy of the primary's data directory (between
 * {@code pg_backup_start} and {@code pg_backup_stop}) and streams the primary's WAL through its own
 * physical replication slot ({@link #slotName()}). It runs the same binaries with the same settings,
 * password and TLS options, on its own port. {@link #server()} gives the usual handle:
 * {@code dataSource}, {@code stop()}, {@code start()}, {@code kill()}.
 *
 * <p>The primary must have logical replication on (the default). Logical slot synchronisation
 * (PostgreSQL 17+) is set up
 * on both sides: the standby has {@code sync_replication_slots = on}, {@code hot_standby_feedback = on}
 * and a {@code dbname} in {@code primary_conninfo}; the primary lists the standby's slot in
 * {@code synchronized_standby_slots}. Logical slots created on the primary with {@code failover = true}
 * therefore appear on the standby and survive {@link #promote()}. Note the trap this brings, as in
 * production: while this standby is stopped, consumers of failover slots on the primary receive
 * nothing; {@link #close()} removes the standby from {@code synchronized_standby_slots}.
 *
 * <pre>{@code
 * try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault();
 *      EmbeddedStandby standby = primary.startStandby()) {
 *     ... write on primary.dataSource("postgres") ...
 *     standby.awaitReplay(Duration.ofSeconds(10));      // the standby has everything committed so far
 *     ... read on standby.server().dataSource("postgres") ...
 *     primary.stop();
 *     standby.promote();                                // now writable
 * }
 * }</pre>
 */
public final class EmbeddedStandby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStandby.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long POLL_MILLIS = 50;
    private static final long SLOT_SYNC_POLL_MILLIS = 250;

    private final EmbeddedPostgres primary;
    private final EmbeddedPostgres server;
    private final String slotName;
    private final boolean slotSync;

    private EmbeddedStandby(EmbeddedPostgres primary, EmbeddedPostgres server, String slotName, boolean slotSync) {
        this.primary = primary;
        this.server = server;
        this.slotName = slotName;
        this.slotSync = slotSync;
    }

    static EmbeddedStandby start(EmbeddedPostgres primary) {
        Objects.requireNonNull(primary, "primary");
        if (!primary.isRunning()) {
            throw new IllegalStateException("The primary must be running to start a standby: " + primary);
        }
        if (!"logical".equals(query(primary, "SHOW wal_level"))) {
            throw new IllegalStateException("A standby needs a primary started with logicalReplication(true), the "
                    + "default, which also admits replication connections: " + primary);
        }
        int major = majorVersion(primary.serverVersion());
        String slot = "pgconnector_standby_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        boolean slotSync = major >= 17;
        EmbeddedPostgres.Builder builder = primary.standbyBuilder()
                .seed(new BaseBackup(primary.dataSource("postgres"), primary.dataDirectory(), slot, major))
                .setting("primary_conninfo", conninfo(primary, slot))
                .setting("primary_slot_name", slot)
                .setting("hot_standby", "on")
                .setting("hot_standby_feedback", "on");
        if (slotSync) {
            builder.setting("sync_replication_slots", "on");
        }
        EmbeddedPostgres server;
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            dropSlot(primary, slot);
            throw e;
        }
        EmbeddedStandby standby = new EmbeddedStandby(primary, server, slot, slotSync);
        if (slotSync) {
            standby.changeSynchronizedSlots(true);
        }
        LOG.debug("Standby of {} started on port {} with slot {}", primary, server.port(), slot);
        return standby;
    }

    /**
     * The standby's server: connect, stop, start or kill it like any {@link EmbeddedPostgres}.
     *
     * @return the standby server
     */
    public EmbeddedPostgres server() {
        return server;
    }

    /**
     * The primary this standby streams from.
     *
     * @return the primary
     */
    public EmbeddedPostgres primary() {
        return primary;
    }

    /**
     * The physical replication slot on the primary that keeps the WAL this standby still needs.
     *
     * @return the slot name
     */
    public String slotName() {
        return slotName;
    }

    /**
     * Whether logical failover slots are synchronised to this standby (PostgreSQL 17+).
     *
     * @return true if {@code sync_replication_slots} is on
     */
    public boolean synchronizesSlots() {
        return slotSync;
    }

    /**
     * A database of the standby (databases created on the primary are replicated).
     *
     * @param name the database name
     * @return the database on the standby's server
     */
    public PostgresDatabase database(String name) {
        return new PostgresDatabase(server, name);
    }

    /**
     * Whether the server is still a standby ({@code pg_is_in_recovery()}).
     *
     * @return true before {@link #promote()}
     */
    public boolean isInRecovery() {
        return "t".equals(query(server, "SELECT pg_is_in_recovery()"));
    }

    /**
     * Promotes the standby to a primary ({@code pg_promote}) and waits until it accepts writes. Stop the
     * old primary first if both must not take writes. Does nothing if already promoted.
     *
     * @throws EmbeddedPostgresException if the promotion does not finish within the startup timeout
     */
    public void promote() {
        if (!isInRecovery()) {
            return;
        }
        if (!"t".equals(query(server, "SELECT pg_promote(true, 60)"))) {
            throw new EmbeddedPostgresException("The standby on port " + server.port()
                    + " was not promoted within 60 s");
        }
        LOG.debug("Standby on port {} promoted", server.port());
    }

    /**
     * Waits until the standby has replayed all WAL the primary has written so far, so that everything
     * committed on the primary before this call is visible on the standby.
     *
     * @param timeout the longest wait
     * @throws EmbeddedPostgresException if the standby does not catch up in time
     */
    public void awaitReplay(Duration timeout) {
        String target = query(primary, "SELECT pg_current_wal_lsn()");
        awaitTrue(timeout, "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn", false,
                () -> "the standby did not replay the primary's WAL up to " + target);
    }

    /**
     * Waits until a failover logical slot of the primary is synchronised to this standby and ready to
     * be used after a promotion (synced, not temporary, not invalidated). While waiting, the primary's
     * running transactions are logged ({@code pg_log_standby_snapshot()}) and the standby's slot sync
     * worker is woken. The standby makes the slot persistent only once the slot's catalog xmin has passed
     * such a snapshot, so a consumer must keep confirming positions on the slot meanwhile (a running
     * CDC listener with some traffic does).
     *
     * @param logicalSlot the name of the logical slot, created with {@code failover = true}
     * @param timeout the longest wait
     * @throws EmbeddedPostgresException if the slot is not ready in time
     * @throws IllegalStateException if this standby does not synchronise slots
     */
    public void awaitSlotSynced(String logicalSlot, Duration timeout) {
        Objects.requireNonNull(logicalSlot, "logicalSlot");
        if (!slotSync) {
            throw new IllegalStateException("This standby does not synchronise slots (PostgreSQL 17+ is "
                    + "needed; this is " + server.serverVersion() + ")");
        }
        String literal = "'" + logicalSlot.replace("'", "''") + "'";
        awaitTrue(timeout, "SELECT count(*) = 1 FROM pg_replication_slots WHERE slot_name = " + literal
                + " AND synced AND NOT temporary AND invalidation_reason IS NULL", true,
                () -> "the failover slot " + logicalSlot + " did not become sync-ready on the standby");
    }

    /**
     * Stops the standby and deletes its directory; if the primary still runs, drops the standby's
     * physical slot there and removes it from {@code synchronized_standby_slots}. Calling it again does
     * nothing.
     */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (primary.isRunning()) {
                try {
                    if (slotSync) {
                        changeSynchronizedSlots(false);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not update synchronized_standby_slots on {}: {}", primary, e.getMessage());
                }
                dropSlot(primary, slotName);
            }
        }
    }

    /**
     * Describes the standby without credentials.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "EmbeddedStandby[" + server + ", slot=" + slotName + ", primary port " + primary.port() + "]";
    }

    private void awaitTrue(Duration timeout, String sql, boolean nudgeSlotSync,
                           java.util.function.Supplier<String> problem) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"t".equals(query(server, sql))) {
            if (System.nanoTime() > deadline) {
                throw new EmbeddedPostgresException(problem.get() + " within " + timeout.toMillis() + " ms. "
                        + "Last lines of " + server.logFile() + ":" + System.lineSeparator()
                        + io.pgconnector.embedded.internal.FileUtil.tail(server.logFile(), 20));
            }
            if (nudgeSlotSync) {
                // The sync worker naps up to 30 s after failed attempts; a reload wakes it at once.
                if (primary.isRunning()) {
                    query(primary, "SELECT pg_log_standby_snapshot()");
                }
                query(server, "SELECT pg_reload_conf()");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(nudgeSlotSync ? SLOT_SYNC_POLL_MILLIS : POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedPostgresException("Interrupted while waiting for the standby", e);
            }
        }
    }

    /** Adds this standby's slot to the primary's synchronized_standby_slots, or removes it. */
    private void changeSynchronizedSlots(boolean add) {
        synchronized (primary) {
            List<String> slots = new ArrayList<>();
            Arrays.stream(query(primary, "SHOW synchronized_standby_slots").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).forEach(slots::add);
            slots.remove(slotName);
            if (add) {
                slots.add(slotName);
            }
            execute(primary, slots.isEmpty() ? "ALTER SYSTEM RESET synchronized_standby_slots"
                    : "ALTER SYSTEM SET synchronized_standby_slots = '" + String.join(",", slots) + "'");
            query(primary, "SELECT pg_reload_conf()");
        }
    }

    private static void dropSlot(EmbeddedPostgres primary, String slot) {
        if (!primary.isRunning()) {
            return;
        }
        try (Connection c = primary.dataSource("postgres").getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                     + "FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            ps.executeQuery().close();
        } catch (SQLException e) {
            LOG.warn("Could not drop the standby's slot {} on {}: {}", slot, primary, e.getMessage());
        }
    }

    /** A libpq conninfo; the dbname lets the standby's slot sync worker connect. */
    private static String conninfo(EmbeddedPostgres primary, String slot) {
        StringBuilder sb = new StringBuilder()
                .append("host=").append(primary.host())
                .append(" port=").append(primary.port())
                .append(" user=").append(primary.username())
                .append(" password=").append(quote(primary.password()))
                .append(" dbname=postgres")
                .append(" application_name=").append(slot);
        if (primary.tlsFiles().isPresent()) {
            TlsFiles files = primary.tlsFiles().get();
            sb.append(" sslmode=require sslcert=").append(quote(files.clientCert().toString()))
                    .append(" sslkey=").append(quote(files.clientKey().toString()));
        }
        return sb.toString();
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static int majorVersion(String serverVersion) {
        String digits = serverVersion.replaceAll("^(\\d+).*$", "$1");
        return Integer.parseInt(digits);
    }

    private static String query(EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.dataSource("postgres").getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Statement failed on " + pg + " (SQLSTATE " + e.getSQLState()
                    + "): " + e.getMessage() + System.lineSeparator() + "SQL: " + sql, e);
        }
    }

    private static void execute(EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Statement failed on " + pg + " (SQLSTATE " + e.getSQLState()
                    + "): " + e.getMessage() + System.lineSeparator() + "SQL: " + sql, e);
        }
    }
}
