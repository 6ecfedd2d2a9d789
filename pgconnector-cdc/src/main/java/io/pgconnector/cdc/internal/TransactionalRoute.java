package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.TransactionalCdcService;
import io.pgconnector.client.Transaction;

/**
 * A {@link TransactionalCdcService} seen as a {@link CdcService}, so that routing, decoding and error reporting are
 * the ones of {@link ChangeDelivery}: each callback is handed the target transaction that
 * {@link TransactionalDelivery} has open at the time (one delivery thread).
 *
 * @param <T> the row type
 */
final class TransactionalRoute<T> implements CdcService<T> {
    /** The transaction in progress, shared by the routes of one listener. */
    static final class Current {
        Transaction tx;

        Transaction get() {
            if (tx == null) {
                throw new IllegalStateException("No target transaction is open");
            }
            return tx;
        }
    }

    private final TransactionalCdcService<T> service;
    private final Current current;

    TransactionalRoute(TransactionalCdcService<T> service, Current current) {
        this.service = service;
        this.current = current;
    }

    TransactionalCdcService<T> service() {
        return service;
    }

    @Override
    public void onRead(T after, ChangeSource src) {
        service.onRead(current.get(), after, src);
    }

    @Override
    public void onCreate(T after, ChangeSource src) {
        service.onCreate(current.get(), after, src);
    }

    @Override
    public void onUpdate(T before, T after, ChangeSource src) {
        service.onUpdate(current.get(), before, after, src);
    }

    @Override
    public void onDelete(T before, ChangeSource src) {
        service.onDelete(current.get(), before, src);
    }

    @Override
    public void onTruncate(ChangeSource src) {
        service.onTruncate(current.get(), src);
    }

    @Override
    public void onError(CdcException e) {
        service.onError(e);
    }
}
