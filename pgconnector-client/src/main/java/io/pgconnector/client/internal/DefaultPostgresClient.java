package io.pgconnector.client.internal;

import io.pgconnector.mapping.internal.BuiltInCodecs;
import io.pgconnector.mapping.internal.CodecRegistry;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.client.IsolationLevel;
import io.pgconnector.client.PoolStats;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.ReplicaReads;
import io.pgconnector.client.TransactionCallback;
import io.pgconnector.client.TransactionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The pooled client. */
public final class DefaultPostgresClient extends Operations implements PostgresClient {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultPostgresClient.class);

    private final Pools.Lease lease;
    private final HikariDataSource dataSource;
    private final String target;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DataSource publicDataSource;
    /** The settings of the replica read pool, opened on the first {@link #replicas()}. */
    private final PostgresClient.Builder readSettings;
    private Pools.Lease readLease;
    private ReplicaOperations replicaView;

    private DefaultPostgresClient(Pools.Lease lease, String target, int fetchSize, CodecRegistry codecs,
            PostgresClient.Builder readSettings, int statementReuse) {
        super(fetchSize, codecs, new StatementCache(statementReuse));
        this.readSettings = readSettings;
        this.lease = lease;
        this.dataSource = lease.dataSource();
        this.target = target;
        this.publicDataSource = new ClientDataSource(dataSource, closed::get, target);
    }

    /**
     * Opens the pool and returns the client.
     *
     * @param b the settings
     * @return the client
     */
    public static PostgresClient create(PostgresClient.Builder b) {
        String target = Pools.describe(b);
        Pools.Lease lease = Pools.open(ReplicaRouting.writeBuilder(b));
        LOG.debug("Connected to PostgreSQL as {}", target);
        CodecRegistry codecs;
        try {
            codecs = codecs(b, lease.dataSource(), target);
        } catch (RuntimeException | Error e) {
            lease.release();
            throw e;
        }
        DefaultPostgresClient client = new DefaultPostgresClient(lease, target, b.options().fetchSize(), codecs,
                ReplicaRouting.readBuilder(b), b.options().statementReuse());
        if (b.observer() == null) {
            return client;
        }
        try {
            return ObservedClient.wrap(client, b, lease.dataSource());
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    /**
     * The client's codec registry: the built-in one when there are no user codecs (no round trip), else one whose
     * types are looked up once on the server, so a codec for a missing type fails the client's start. A lazily
     * started pool connects nothing at start: its codecs' types are not looked up (a missing type is then the
     * server's error on first use).
     */
    private static CodecRegistry codecs(PostgresClient.Builder b, DataSource pool, String target) {
        // The built-in codec table is set up while the client starts rather than on its first statement.
        BuiltInCodecs.forClass(String.class);
        if (b.options().codecs().isEmpty() && CodecRegistry.discovered().isEmpty()) {
            return CodecRegistry.BUILT_IN;
        }
        if (b.pool().lazyStart()) {
            try {
                return CodecRegistry.create(b.options().codecs(), null, target);
            } catch (SQLException e) {
                throw new IllegalStateException("unreachable: no look-up without a connection", e);
            }
        }
        try (Connection c = pool.getConnection()) {
            return CodecRegistry.create(b.options().codecs(), c, b.database() == null ? target : b.database());
        } catch (SQLException e) {
            throw Errors.translate(e, "Could not look up the types of the codecs on " + target);
        }
    }

    /**
     * Wraps another engine that fronts this client (the pipelined engine) so that the builder's observer sees its
     * verbs as it sees this client's: told once of this client's pool, then every verb of {@code outer}. Build this
     * client without the observer, so that the verbs {@code outer} hands over are not observed twice.
     *
     * @param outer the client to observe
     * @param b     the settings, with the observer
     * @return {@code outer} when the builder has no observer, else the observed {@code outer}
     */
    public PostgresClient observed(PostgresClient outer, PostgresClient.Builder b) {
        return b.observer() == null ? outer : ObservedClient.wrap(outer, b, lease.dataSource());
    }

    /**
     * Returns the codecs this client binds and reads with (built-in, found by ServiceLoader, registered), for an
     * engine that must read values exactly as this client does.
     *
     * @return the registry
     */
    public CodecRegistry codecRegistry() {
        return codecs();
    }

    @Override
    public DataSource dataSource() {
        checkOpen();
        return publicDataSource;
    }

    @Override
    Connection acquire() {
        checkOpen();
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            checkOpen();
            throw Errors.translate(Pools.outageFailure(dataSource, e), "Could not get a connection to " + target);
        }
    }

    @Override
    public synchronized ReplicaReads replicas() {
        checkOpen();
        if (replicaView == null) {
            readLease = Pools.open(readSettings);
            replicaView = new ReplicaOperations(this, null);
        }
        return replicaView;
    }

    /** Returns a connection of the replica read pool, opened by {@link #replicas()}. */
    Connection acquireReplica() {
        checkOpen();
        HikariDataSource pool;
        synchronized (this) {
            pool = readLease.dataSource();
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            checkOpen();
            throw Errors.translate(e, "Could not get a connection to a replica or the primary of " + target);
        }
    }

    @Override
    void release(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Returning a connection to the pool failed", e);
        }
    }

    @Override
    boolean ownsConnections() {
        return true;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("The client for " + target + " is closed; create a new client");
        }
    }

    @Override
    public <R> R transaction(TransactionCallback<R> work) {
        return transaction((IsolationLevel) null, work);
    }

    @Override
    public <R> R transaction(TransactionOptions options, TransactionCallback<R> work) {
        Arguments.required(options, "options", "transaction");
        Arguments.required(work, "work", "transaction");
        return TransactionRetry.run(options, () -> transaction(options.isolation(), work));
    }

    @Override
    public <R> R transaction(IsolationLevel isolation, TransactionCallback<R> work) {
        Arguments.required(work, "work", "transaction");
        Connection c = acquire();
        TransactionImpl tx = null;
        int previousIsolation = -1;
        try {
            c.setAutoCommit(false);
            if (isolation != null) {
                previousIsolation = c.getTransactionIsolation();
                c.setTransactionIsolation(isolation.jdbcLevel());
            }
            tx = new TransactionImpl(c, fetchSize(), codecs(), statements());
            R result;
            try {
                result = work.run(tx);
            } catch (Throwable t) {
                tx.end();
                rollbackQuietly(c, t, true);
                throw rethrow(t);
            }
            tx.end();
            c.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c, e, true);
            throw Errors.translate(e);
        } finally {
            if (tx != null) {
                tx.end();
            }
            if (previousIsolation >= 0) {
                try {
                    c.setTransactionIsolation(previousIsolation);
                } catch (SQLException ignored) {
                    // The pool resets the isolation level of a returned connection anyway.
                }
            }
            restoreAutoCommit(c);
            release(c);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return rethrow(t, "The transaction was rolled back");
    }

    /** Returns a runtime exception to throw for what a callback threw; checked ones are wrapped. */
    static RuntimeException rethrow(Throwable t, String what) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new PostgresException(what + " because its callback threw " + t, null, t);
    }

    @Override
    public PoolStats poolStats() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return new PoolStats(0, 0, 0, 0);
        }
        return new PoolStats(pool.getTotalConnections(), pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getThreadsAwaitingConnection());
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                if (readLease != null) {
                    readLease.release();
                }
            }
            lease.release();
            statements().clear();
            LOG.debug("Closed the client for {}", target);
        }
    }

    @Override
    public String toString() {
        return "PostgresClient[" + target + (closed.get() ? ", closed" : "") + "]";
    }
}
