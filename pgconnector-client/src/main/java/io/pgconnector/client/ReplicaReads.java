package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.DatabaseException;

import java.time.Duration;

/**
 * The read-only view of a client that runs its verbs on streaming replicas: see {@link PostgresClient#replicas()}.
 *
 * <p>Each call borrows a connection from a pool spread over every configured server that prefers standbys
 * ({@code targetServerType=preferSecondary}, {@code loadBalanceHosts=true}); when no standby is up it connects to the
 * primary instead. The connections are read-only: a write through this view fails with a {@link DatabaseException}
 * of SQLSTATE {@code 25006} ({@code read_only_sql_transaction}) and is never retried elsewhere.
 *
 * <p>Replicas are asynchronous: a read may not see a write the primary committed a moment ago. Ask for
 * {@link #readYourWrites(Duration)} when it must.
 */
public interface ReplicaReads extends SqlOperations {

    /**
     * Returns a view whose every call first waits, at most {@code maxWait}, until the replica it reads from has
     * replayed all WAL that the primary had written when the call started ({@code pg_current_wal_lsn()} on the
     * primary, then {@code pg_last_wal_replay_lsn()} on the replica, polled with a short backoff). So a read sees
     * every transaction committed before it started, including the caller's own writes. When the replica does not
     * catch up in time the call runs on the primary instead.
     *
     * <p>Costs one extra round trip to the primary per call, plus the wait (usually a few milliseconds on a healthy
     * replica). Assumes {@code synchronous_commit} is not {@code off} for the writes to be seen.
     *
     * @param maxWait the longest wait for a replica before reading on the primary; {@link Duration#ZERO} reads on
     *                the primary unless the replica has already caught up
     * @return the view
     * @throws ConfigurationException if {@code maxWait} is null or negative
     */
    ReplicaReads readYourWrites(Duration maxWait);
}
