package io.pgconnector.client.internal;

import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.Transaction;
import io.pgconnector.client.TransactionCallback;
import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.client.spi.OperationObserver;
import io.pgconnector.client.spi.OperationScope;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports the verbs of a client, and of the transactions it runs, to an observer. A proxy rather than a class, so
 * that every verb of {@code SqlOperations}, present and future, is passed on; the verbs are known by name. Clients
 * built without an observer are not wrapped and pay nothing.
 */
final class ObservedClient implements InvocationHandler {
    private final Object target;
    private final OperationObserver observer;

    private ObservedClient(Object target, OperationObserver observer) {
        this.target = target;
        this.observer = observer;
    }

    static PostgresClient wrap(PostgresClient client, PostgresClient.Builder b,
            com.zaxxer.hikari.HikariDataSource pool) {
        ClientInfo info = new ClientInfo(b.host(), b.port(), b.database() != null ? b.database() : b.username(),
                pool.getPoolName());
        OperationObserver observer = Objects.requireNonNull(b.observer().clientOpened(info, (DataSource) pool),
                "the observer returned no OperationObserver");
        return proxy(PostgresClient.class, client, observer);
    }

    private static <T> T proxy(Class<T> type, T target, OperationObserver observer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new ObservedClient(target, observer)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.isDefault()) {
            // A default method (such as queryList without a limit) runs on the proxy, so the verb it delegates to is
            // observed, once.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        OperationKind kind = kind(method);
        if (kind == null) {
            return call(method, args);
        }
        if (kind == OperationKind.TRANSACTION) {
            args = args.clone();
            int last = args.length - 1;
            TransactionCallback<?> work = (TransactionCallback<?>) args[last];
            args[last] = (TransactionCallback<Object>) tx -> work.run(proxy(Transaction.class, tx, observer));
        }
        OperationScope scope = observer.start(kind, sqlText(kind, args));
        Object result;
        try {
            result = call(method, args);
        } catch (Throwable e) {
            scope.end(-1, e);
            throw e;
        }
        scope.end(rows(kind, result), null);
        return result;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static OperationKind kind(Method method) {
        switch (method.getName()) {
            case "query": return OperationKind.QUERY;
            case "queryRow": return OperationKind.QUERY_ROW;
            case "queryOptional": return OperationKind.QUERY_OPTIONAL;
            case "queryList": return OperationKind.QUERY_LIST;
            case "execute": return OperationKind.EXECUTE;
            case "batchExecute": return OperationKind.BATCH_EXECUTE;
            case "call": return OperationKind.CALL;
            case "transaction": return OperationKind.TRANSACTION;
            default: return null;
        }
    }

    private static String sqlText(OperationKind kind, Object[] args) {
        if (kind == OperationKind.TRANSACTION || args == null || args.length == 0) {
            return null;
        }
        Object first = args[0];
        if (first instanceof Sql) {
            return ((Sql) first).text();
        }
        if (first instanceof String) {
            return (String) first;
        }
        if (first instanceof List && !((List<?>) first).isEmpty() && ((List<?>) first).get(0) instanceof Sql) {
            return ((Sql) ((List<?>) first).get(0)).text();
        }
        return null;
    }

    private static long rows(OperationKind kind, Object result) {
        switch (kind) {
            case QUERY_ROW: return 1;
            case QUERY_OPTIONAL: return result instanceof Optional && ((Optional<?>) result).isPresent() ? 1 : 0;
            case QUERY_LIST:
            case BATCH_EXECUTE: return result instanceof List ? ((List<?>) result).size() : -1;
            case EXECUTE: return result instanceof ExecutionResult ? ((ExecutionResult) result).affectedRowCount()
                    : -1;
            default: return -1;
        }
    }
}
