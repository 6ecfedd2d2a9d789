package io.pgconnector.client.internal;

import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.client.Transaction;
import io.pgconnector.client.TransactionCallback;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/** A transaction's handle: every verb runs on its one connection; valid only while the callback runs. */
final class TransactionImpl extends Operations implements Transaction {
    private final Connection connection;
    private final List<QueryResource> openStreams = new ArrayList<>();
    private volatile boolean ended;

    TransactionImpl(Connection connection, int fetchSize, CodecRegistry codecs, StatementCache statements) {
        super(fetchSize, codecs, statements);
        this.connection = connection;
    }

    @Override
    Connection acquire() {
        if (ended) {
            throw new ClientClosedException("This transaction has ended; run its statements inside the callback");
        }
        return connection;
    }

    @Override
    void release(Connection c) {
        // The connection belongs to the transaction until it ends.
    }

    @Override
    boolean ownsConnections() {
        return false;
    }

    @Override
    synchronized void opened(QueryResource resource) {
        openStreams.add(resource);
    }

    /** Closes the streams still open and invalidates the handle. */
    synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        for (QueryResource r : openStreams) {
            r.fail();
        }
        openStreams.clear();
    }

    @Override
    public <R> R savepoint(TransactionCallback<R> work) {
        Connection c = acquire();
        Savepoint sp;
        try {
            sp = c.setSavepoint();
        } catch (SQLException e) {
            throw Errors.translate(e);
        }
        R result;
        try {
            result = work.run(this);
        } catch (Throwable t) {
            try {
                c.rollback(sp);
            } catch (SQLException e) {
                t.addSuppressed(e);
            }
            throw DefaultPostgresClient.rethrow(t, "The savepoint was rolled back");
        }
        try {
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            throw Errors.translate(e);
        }
        return result;
    }

    @Override
    public String toString() {
        return "Transaction[" + (ended ? "ended" : "active") + "]";
    }
}
