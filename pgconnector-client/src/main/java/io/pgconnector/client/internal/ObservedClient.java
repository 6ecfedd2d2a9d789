package io.pgconnector.client.internal;

import io.pgconnector.client.IsolationLevel;
import io.pgconnector.client.PoolStats;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Transaction;
import io.pgconnector.client.TransactionCallback;
import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.client.spi.OperationObserver;
import io.pgconnector.client.spi.OperationScope;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * A client whose operations are reported to an observer. Clients built without one are not wrapped, so they pay
 * nothing for observation.
 */
final class ObservedClient extends ObservedOperations implements PostgresClient {
    private final PostgresClient client;

    private ObservedClient(PostgresClient client, OperationObserver observer) {
        super(client, observer);
        this.client = client;
    }

    static PostgresClient wrap(PostgresClient client, PostgresClient.Builder b,
            com.zaxxer.hikari.HikariDataSource pool) {
        ClientInfo info = new ClientInfo(b.host(), b.port(), b.database() != null ? b.database() : b.username(),
                pool.getPoolName());
        OperationObserver observer = Objects.requireNonNull(b.observer().clientOpened(info, (DataSource) pool),
                "the observer returned no OperationObserver");
        return new ObservedClient(client, observer);
    }

    @Override
    public <R> R transaction(TransactionCallback<R> work) {
        return transaction(null, work);
    }

    @Override
    public <R> R transaction(IsolationLevel isolation, TransactionCallback<R> work) {
        OperationScope scope = observer.start(OperationKind.TRANSACTION, null);
        try {
            R r = client.transaction(isolation, tx -> work.run(new ObservedTransaction(tx, observer)));
            scope.end(-1, null);
            return r;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public PoolStats poolStats() {
        return client.poolStats();
    }

    @Override
    public boolean isClosed() {
        return client.isClosed();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return client.toString();
    }

    /** A transaction whose statements are reported like the client's. */
    private static final class ObservedTransaction extends ObservedOperations implements Transaction {
        ObservedTransaction(Transaction tx, OperationObserver observer) {
            super(tx, observer);
        }
    }
}
