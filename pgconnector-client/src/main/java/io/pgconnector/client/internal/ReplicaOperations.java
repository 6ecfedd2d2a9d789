package io.pgconnector.client.internal;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.ReplicaReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The verbs of {@link ReplicaReads}: each call borrows a connection from the read pool; with read-your-writes, only
 * once that replica has replayed the primary's WAL position taken at the start of the call, else from the primary.
 */
final class ReplicaOperations extends Operations implements ReplicaReads {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaOperations.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final DefaultPostgresClient primary;
    /** The longest wait for the replica to catch up, or null for plain (possibly stale) replica reads. */
    private final Duration maxWait;

    ReplicaOperations(DefaultPostgresClient primary, Duration maxWait) {
        super(primary.fetchSize(), primary.codecs(), primary.statements());
        this.primary = primary;
        this.maxWait = maxWait;
    }

    @Override
    public ReplicaReads readYourWrites(Duration maxWait) {
        if (maxWait == null || maxWait.isNegative()) {
            throw new ConfigurationException("readYourWrites needs a wait of zero or more, got " + maxWait);
        }
        return new ReplicaOperations(primary, maxWait);
    }

    @Override
    Connection acquire() {
        if (maxWait == null) {
            return primary.acquireReplica();
        }
        String position = primaryPosition();
        Connection replica = primary.acquireReplica();
        try {
            if (position == null || caughtUp(replica, position, System.nanoTime() + maxWait.toNanos())) {
                return replica;
            }
        } catch (SQLException e) {
            // A replica that cannot say how far it is cannot be trusted with the read; the primary can.
            LOG.debug("Reading on the primary: the replica failed to report its replay position", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(replica);
            throw new PostgresException("Interrupted while waiting for a replica to catch up",
                    null, e);
        }
        release(replica);
        return primary.acquire();
    }

    /** Returns the primary's current WAL position, or null when the client's own server is itself in recovery. */
    private String primaryPosition() {
        Connection c = primary.acquire();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw Errors.translate(e, "Could not read the primary's WAL position for read-your-writes");
        } finally {
            primary.release(c);
        }
    }

    /**
     * Polls the replica's replay position with a doubling pause until it reaches {@code position} or the deadline
     * passes. A primary (the read pool's fallback) has no replay position and is always caught up.
     */
    private static boolean caughtUp(Connection replica, String position, long deadline)
            throws SQLException, InterruptedException {
        long pause = FIRST_PAUSE_NANOS;
        try (PreparedStatement ps = replica.prepareStatement(
                "SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, NOT pg_is_in_recovery())")) {
            ps.setString(1, position);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
                pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
            }
        }
    }

    @Override
    void release(Connection c) {
        primary.release(c);
    }

    @Override
    boolean ownsConnections() {
        return true;
    }

    @Override
    public String toString() {
        return "ReplicaReads[" + primary + (maxWait == null ? "" : ", readYourWrites " + maxWait) + "]";
    }
}
