package io.pgconnector.client;

import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.PostgresException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A null Sql, type or mapper is a clear pgconnector exception naming the argument, not a bare NPE (#21 item 9). */
@WithPostgres
@Timeout(60)
class NullArgumentsTest {
    static PostgresClient client;
    static final Sql ONE = Sql.of("SELECT 1");

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    private static void refused(ThrowingCallable call, String verb, String argument) {
        assertThatThrownBy(call).isInstanceOf(InvalidStatementException.class)
                .hasMessageContaining(verb).hasMessageContaining("'" + argument + "'")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("22004");
    }

    @Test
    void nullSqlOrTargetTypeIsAnInvalidStatementNamingTheArgumentNotABareNullPointerException() {
        Function<Row, Object> mapper = null;
        refused(() -> client.query(null, Long.class), "query", "sql");
        refused(() -> client.query(ONE, (Class<Long>) null), "query", "type");
        refused(() -> client.query(ONE, mapper), "query", "mapper");
        refused(() -> client.query(null), "query", "sql");
        refused(() -> client.queryRow(null, Long.class), "queryRow", "sql");
        refused(() -> client.queryRow(ONE, (Class<Long>) null), "queryRow", "type");
        refused(() -> client.queryRow(ONE, mapper), "queryRow", "mapper");
        refused(() -> client.queryRow((Sql) null), "queryRow", "sql");
        refused(() -> client.queryOptional(ONE, (Class<Long>) null), "queryOptional", "type");
        refused(() -> client.queryList(null, Long.class), "queryList", "sql");
        refused(() -> client.execute(null), "execute", "sql");
        refused(() -> client.call(null), "call", "sql");
        refused(() -> client.batchExecute((List<Sql>) null), "batchExecute", "statements");
        refused(() -> client.batchExecute(Arrays.asList(ONE, null)), "batchExecute", "statements[1]");
        refused(() -> client.batchExecute(null, List.<List<?>>of(List.of()).stream()), "batchExecute", "sql");
        refused(() -> client.transaction((TransactionCallback<Object>) null), "transaction", "work");
        refused(() -> client.copyIn(null, List.of("a"), java.util.stream.Stream.of(List.of(1))), "copyIn", "table");
        refused(() -> client.copyOut(null, Long.class), "copyOut", "query");
        refused(() -> client.transaction(tx -> tx.queryRow(ONE, (Class<Map<?, ?>>) null)), "queryRow", "type");
    }
}
