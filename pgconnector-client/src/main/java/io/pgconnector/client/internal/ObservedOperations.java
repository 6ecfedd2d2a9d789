package io.pgconnector.client.internal;

import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.client.SqlOperations;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.client.spi.OperationObserver;
import io.pgconnector.client.spi.OperationScope;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The verbs of a client or transaction, each reported to an {@link OperationObserver}. Only the statement text
 * reaches the observer: the values stay in the {@link Sql}.
 */
abstract class ObservedOperations implements SqlOperations {
    private final SqlOperations target;
    final OperationObserver observer;

    ObservedOperations(SqlOperations target, OperationObserver observer) {
        this.target = target;
        this.observer = observer;
    }

    @Override
    public <T> Stream<T> query(Sql sql, Class<T> type) {
        OperationScope scope = observer.start(OperationKind.QUERY, sql.text());
        try {
            Stream<T> rows = target.query(sql, type);
            scope.end(-1, null);
            return rows;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public Stream<Map<String, Object>> query(Sql sql) {
        OperationScope scope = observer.start(OperationKind.QUERY, sql.text());
        try {
            Stream<Map<String, Object>> rows = target.query(sql);
            scope.end(-1, null);
            return rows;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public <T> T queryRow(Sql sql, Class<T> type) {
        OperationScope scope = observer.start(OperationKind.QUERY_ROW, sql.text());
        try {
            T row = target.queryRow(sql, type);
            scope.end(1, null);
            return row;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public Map<String, Object> queryRow(Sql sql) {
        OperationScope scope = observer.start(OperationKind.QUERY_ROW, sql.text());
        try {
            Map<String, Object> row = target.queryRow(sql);
            scope.end(1, null);
            return row;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public ExecutionResult execute(Sql sql) {
        OperationScope scope = observer.start(OperationKind.EXECUTE, sql.text());
        try {
            ExecutionResult r = target.execute(sql);
            scope.end(r.affectedRowCount(), null);
            return r;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public List<ExecutionResult> batchExecute(List<Sql> statements) {
        String text = statements == null || statements.isEmpty() ? null : statements.get(0).text();
        OperationScope scope = observer.start(OperationKind.BATCH_EXECUTE, text);
        try {
            List<ExecutionResult> r = target.batchExecute(statements);
            scope.end(r.size(), null);
            return r;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public List<ExecutionResult> batchExecute(String sql, Stream<? extends List<?>> rows) {
        OperationScope scope = observer.start(OperationKind.BATCH_EXECUTE, sql);
        try {
            List<ExecutionResult> r = target.batchExecute(sql, rows);
            scope.end(r.size(), null);
            return r;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }

    @Override
    public ProcedureCallResult call(Sql sql) {
        OperationScope scope = observer.start(OperationKind.CALL, sql.text());
        try {
            ProcedureCallResult r = target.call(sql);
            scope.end(-1, null);
            return r;
        } catch (RuntimeException | Error e) {
            scope.end(-1, e);
            throw e;
        }
    }
}
