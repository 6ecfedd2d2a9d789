package io.pgconnector.client;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.DataException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.ParameterNotReadyException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.errors.TypeMismatchException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls of procedures and functions in every form, their result sets, refcursors, errors and transactions. */
@WithPostgres
@Timeout(120)
class ProcedureCallTest {
    record Customer(long id, String name) {
    }

    record OrderLine(long id, long customerId, BigDecimal total) {
    }

    record Stats(int total, long product) {
    }

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE customers (id bigint PRIMARY KEY, name text)"));
        client.execute(Sql.of("CREATE TABLE order_lines (id bigint PRIMARY KEY, customer_id bigint, total numeric)"));
        client.execute(Sql.of("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 3) g"));
        client.execute(Sql.of("INSERT INTO order_lines SELECT g, g % 3 + 1, g * 1.5 FROM generate_series(1, 2500) g"));
        client.execute(Sql.of("CREATE TABLE audit (id serial, note text)"));

        client.execute(Sql.of("CREATE PROCEDURE split_name(full_name text, OUT first text, OUT last text) "
                + "LANGUAGE plpgsql AS $$ BEGIN first := split_part(full_name, ' ', 1); "
                + "last := split_part(full_name, ' ', 2); END $$"));
        client.execute(Sql.of("CREATE FUNCTION stats(a int, b int, OUT total int, OUT product bigint) "
                + "LANGUAGE sql AS $$ SELECT a + b, a::bigint * b $$"));
        client.execute(Sql.of("CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$"));
        client.execute(Sql.of("CREATE FUNCTION customers_from(min_id bigint) RETURNS TABLE (id bigint, name text) "
                + "LANGUAGE sql AS $$ SELECT id, name FROM customers WHERE id >= min_id ORDER BY id $$"));
        client.execute(Sql.of("CREATE FUNCTION report(cust bigint) RETURNS SETOF refcursor LANGUAGE plpgsql AS $$ "
                + "DECLARE c1 refcursor := 'report_customers'; c2 refcursor := 'report_lines'; BEGIN "
                + "OPEN c1 FOR SELECT id, name FROM customers WHERE id = cust; RETURN NEXT c1; "
                + "OPEN c2 FOR SELECT id, customer_id, total FROM order_lines ORDER BY id; RETURN NEXT c2; END $$"));
        client.execute(Sql.of("CREATE PROCEDURE open_customers(INOUT c refcursor) LANGUAGE plpgsql AS $$ "
                + "BEGIN OPEN c FOR SELECT id, name FROM customers ORDER BY id; END $$"));
        client.execute(Sql.of("CREATE PROCEDURE two_cursors(OUT a refcursor, OUT b refcursor) LANGUAGE plpgsql "
                + "AS $$ BEGIN OPEN a FOR SELECT id, name FROM customers ORDER BY id DESC; "
                + "OPEN b FOR SELECT id, customer_id, total FROM order_lines WHERE id <= 2 ORDER BY id; END $$"));
        client.execute(Sql.of("CREATE PROCEDURE null_or_default(INOUT v int, INOUT echo text) "
                + "LANGUAGE plpgsql AS $$ BEGIN v := coalesce(v, -1); END $$"));
        client.execute(Sql.of("CREATE PROCEDURE withdraw(amount numeric) LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'insufficient funds for %', amount USING ERRCODE = 'P0001', "
                + "HINT = 'deposit first'; END $$"));
        client.execute(Sql.of("CREATE PROCEDURE divide(a int, b int, OUT q int) LANGUAGE plpgsql AS $$ BEGIN "
                + "q := a / b; END $$"));
        client.execute(Sql.of("CREATE PROCEDURE log_note(note text) LANGUAGE sql AS $$ "
                + "INSERT INTO audit(note) VALUES (note) $$"));
        client.execute(Sql.of("CREATE PROCEDURE log_and_commit(note text) LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO audit(note) VALUES (note || ' 1'); COMMIT; "
                + "INSERT INTO audit(note) VALUES (note || ' 2'); END $$"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @BeforeEach
    void clearAudit() {
        client.execute(Sql.of("TRUNCATE audit"));
    }

    @Test
    void procedureWithOutParametersPostgres14() {
        OutParameter<String> first = OutParameter.of(String.class);
        OutParameter<String> last = OutParameter.of(String.class);
        try (ProcedureCallResult r = client.call(Sql.of("CALL split_name(?, ?, ?)", "Ada Lovelace", first, last))) {
            assertThat(first.get()).isEqualTo("Ada");
            assertThat(last.get()).isEqualTo("Lovelace");
            assertThat(r.hasQueryResult()).isFalse();
            assertThat(r.queryResult(Customer.class)).isEmpty();
            assertThat(r.executionResult().affectedRowCount()).isZero();
        }
        OutParameter<String> first2 = OutParameter.of(String.class);
        OutParameter<Object> last2 = OutParameter.of(Object.class);
        try (ProcedureCallResult r = client.call(Sql.of("{ call split_name(?, ?, ?) }", "Grace Hopper", first2,
                last2))) {
            assertThat(first2.get()).isEqualTo("Grace");
            assertThat(last2.get()).isEqualTo("Hopper");
        }
    }

    @Test
    void functionWithOutParametersInEveryForm() {
        OutParameter<Integer> total = OutParameter.of(Integer.class);
        OutParameter<Long> product = OutParameter.of(Long.class);
        try (ProcedureCallResult r = client.call(Sql.of("{call stats(?, ?, ?, ?)}", 6, 7, total, product))) {
            assertThat(total.get()).isEqualTo(13);
            assertThat(product.get()).isEqualTo(42L);
        }
        // Named notation and a schema-qualified, quoted name.
        OutParameter<Integer> total2 = OutParameter.of(Integer.class);
        try (ProcedureCallResult r = client.call(Sql.of("{call public.\"stats\"(a => ?, b => ?, ?)}", 1, 2,
                total2))) {
            assertThat(total2.get()).isEqualTo(3);
        }
        // The function's row read as a query result.
        try (ProcedureCallResult r = client.call(Sql.of("SELECT * FROM stats(?, ?)", 2, 3))) {
            assertThat(r.queryResult(Stats.class).toList()).containsExactly(new Stats(5, 6));
        }
        OutParameter<Integer> result = OutParameter.of(Integer.class);
        try (ProcedureCallResult r = client.call(Sql.of("{? = call add_one(?)}", result, 41))) {
            assertThat(result.get()).isEqualTo(42);
        }
    }

    @Test
    void functionReturningATable() {
        try (ProcedureCallResult r = client.call(Sql.of("SELECT * FROM customers_from(?)", 2L))) {
            assertThat(r.hasQueryResult()).isTrue();
            assertThat(r.queryResult(Customer.class).toList())
                    .containsExactly(new Customer(2, "customer 2"), new Customer(3, "customer 3"));
            assertThat(r.nextQueryResult()).isFalse();
            assertThat(r.hasQueryResult()).isFalse();
        }
        try (ProcedureCallResult r = client.call(Sql.of("{call customers_from(?)}", 3L))) {
            assertThat(r.queryResult().map(m -> m.get("name")).toList()).containsExactly("customer 3");
        }
    }

    @Test
    void functionReturningTwoRefcursorsReadInOrderIntoDifferentRecords() {
        try (ProcedureCallResult r = client.call(Sql.of("SELECT * FROM report(?)", 2L))) {
            assertThat(r.queryResult(Customer.class).toList()).containsExactly(new Customer(2, "customer 2"));
            assertThat(r.nextQueryResult()).isTrue();
            // 2,500 rows: more than one fetch of 1,000.
            List<OrderLine> lines = r.queryResult(OrderLine.class).toList();
            assertThat(lines).hasSize(2500);
            assertThat(lines.get(0)).isEqualTo(new OrderLine(1, 2, new BigDecimal("1.5")));
            assertThat(lines.get(2499).id()).isEqualTo(2500);
            assertThat(r.nextQueryResult()).isFalse();
        }
        try (ProcedureCallResult r = client.call(Sql.of("{call report(?)}", 1L))) {
            assertThat(r.queryResult(Customer.class).map(Customer::name).toList()).containsExactly("customer 1");
            r.nextQueryResult();
            assertThat(r.queryResult(OrderLine.class).limit(3).map(OrderLine::id).toList()).containsExactly(1L, 2L,
                    3L);
            // A second stream continues where the first stopped.
            assertThat(r.queryResult(OrderLine.class).findFirst().orElseThrow().id()).isEqualTo(4L);
        }
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void refcursorOutAndInoutParametersBecomeQueryResults() {
        InOutParameter<String> cursor = InOutParameter.of("my_cursor");
        try (ProcedureCallResult r = client.call(Sql.of("CALL open_customers(?)", cursor))) {
            assertThat(cursor.get()).isEqualTo("my_cursor");
            assertThat(r.queryResult(Customer.class).map(Customer::id).toList()).containsExactly(1L, 2L, 3L);
        }
        OutParameter<String> a = OutParameter.of(String.class);
        OutParameter<String> b = OutParameter.of(String.class);
        try (ProcedureCallResult r = client.call(Sql.of("CALL two_cursors(?, ?)", a, b))) {
            assertThat(a.get()).isNotBlank();
            assertThat(r.queryResult(Customer.class).map(Customer::id).toList()).containsExactly(3L, 2L, 1L);
            assertThat(r.nextQueryResult()).isTrue();
            assertThat(r.queryResult(OrderLine.class).map(OrderLine::id).toList()).containsExactly(1L, 2L);
            assertThat(r.nextQueryResult()).isFalse();
        }
    }

    @Test
    void inoutParameterHoldingNull() {
        InOutParameter<Integer> v = InOutParameter.of(null, Integer.class);
        InOutParameter<String> echo = InOutParameter.of(null, String.class);
        try (ProcedureCallResult r = client.call(Sql.of("CALL null_or_default(?, ?)", v, echo))) {
            assertThat(v.get()).isEqualTo(-1);
            assertThat(echo.isComplete()).isTrue();
            assertThat(echo.get()).isNull();
        }
        InOutParameter<Integer> seven = InOutParameter.of(7);
        try (ProcedureCallResult r = client.call(Sql.of("CALL null_or_default(?, ?)", seven, echo))) {
            assertThat(seven.get()).isEqualTo(7);
        }
    }

    @Test
    void procedureThatRaisesReportsMessageAndSqlState() {
        assertThatThrownBy(() -> client.call(Sql.of("CALL withdraw(?)", new BigDecimal("10.00"))))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("insufficient funds for 10.00")
                .hasMessageContaining("deposit first")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("P0001");
        OutParameter<Integer> q = OutParameter.of(Integer.class);
        assertThatThrownBy(() -> client.call(Sql.of("{call divide(?, ?, ?)}", 1, 0, q)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("division by zero")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("22012");
        assertThatThrownBy(q::get).isInstanceOf(ParameterNotReadyException.class);
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void missingParametersWrongTypesAndSyntaxErrorsAreDatabaseErrors() {
        assertThatThrownBy(() -> client.call(Sql.of("CALL divide(?)", 1)))
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("42883");
        assertThatThrownBy(() -> client.call(Sql.of("CALL divide(?, ?, ?)", "x", "y", OutParameter.of(Integer.class))))
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("22P02");
        assertThatThrownBy(() -> client.call(Sql.of("CALL divide(?, ?, ?)", UUID.randomUUID(), 1,
                OutParameter.of(Integer.class))))
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("42883");
        assertThatThrownBy(() -> client.call(Sql.of("CALLL divide(1, 2)")))
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("42601");
        assertThatThrownBy(() -> client.call(Sql.of("{call no_such_routine(?)}", 1)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("no_such_routine")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("42883");
        assertThatThrownBy(() -> client.call(Sql.of("{? = call add_one(?)}", 1, 2)))
                .isInstanceOf(InvalidStatementException.class)
                .hasMessageContaining("OutParameter");
        assertThatThrownBy(() -> client.call(Sql.of("{call add_one(?) extra", 2)))
                .isInstanceOf(InvalidStatementException.class);
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void outParameterReadBeforeTheCallOrIntoTheWrongTypeIsAClearError() {
        OutParameter<UUID> wrong = OutParameter.of(UUID.class);
        OutParameter<String> fine = OutParameter.of(String.class);
        assertThatThrownBy(wrong::get).isInstanceOf(ParameterNotReadyException.class)
                .hasMessageContaining("no value yet");
        assertThat(wrong.isComplete()).isFalse();
        try (ProcedureCallResult r = client.call(Sql.of("CALL split_name(?, ?, ?)", "a b", fine, wrong))) {
            assertThat(fine.get()).isEqualTo("a");
        }
        // The last name is text, which cannot be read as a UUID: a type mismatch on get(), not a failed call.
        assertThatThrownBy(wrong::get).isInstanceOfAny(TypeMismatchException.class, ConversionException.class);
        OutParameter<Integer> big = OutParameter.of(Integer.class);
        try (ProcedureCallResult r = client.call(Sql.of("{? = call add_one(?)}", big, Integer.MAX_VALUE - 1))) {
            assertThat(big.get()).isEqualTo(Integer.MAX_VALUE);
        }
        OutParameter<Short> tooSmall = OutParameter.of(Short.class);
        try (ProcedureCallResult r = client.call(Sql.of("{? = call add_one(?)}", tooSmall, 40_000))) {
            assertThatThrownBy(tooSmall::get).isInstanceOf(DataException.class);
        }
        // More OUT parameters than the routine has OUT arguments.
        InOutParameter<Integer> n = InOutParameter.of(1);
        OutParameter<Integer> extra = OutParameter.of(Integer.class);
        try (ProcedureCallResult r = client.call(Sql.of("SELECT ?::int + 1 AS n FROM (SELECT ?::text) x", n,
                extra))) {
            assertThat(n.get()).isEqualTo(2);
            assertThat(extra.isComplete()).isFalse();
            assertThatThrownBy(extra::get).isInstanceOf(ParameterNotReadyException.class)
                    .hasMessageContaining("returned 1 OUT/INOUT value(s) but has 2");
        }
    }

    @Test
    void callInsideATransactionThatIsRolledBack() {
        assertThatThrownBy(() -> client.transaction(tx -> {
            try (ProcedureCallResult r = tx.call(Sql.of("CALL log_note(?)", "rolled back"))) {
                assertThat(r.hasQueryResult()).isFalse();
            }
            // The transaction's connection is still usable after the call result is closed.
            assertThat(tx.queryRow(Sql.of("SELECT count(*) FROM audit"), Long.class)).isEqualTo(1L);
            throw new IllegalStateException("undo");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM audit"), Long.class)).isZero();

        client.transaction(tx -> {
            try (ProcedureCallResult r = tx.call(Sql.of("CALL log_note(?)", "kept"))) {
                assertThat(r.executionResult().affectedRowCount()).isZero();
            }
            // Cursors opened by a call in a transaction are read on the transaction's connection.
            try (ProcedureCallResult r = tx.call(Sql.of("SELECT * FROM report(?)", 3L))) {
                assertThat(r.queryResult(Customer.class).toList()).containsExactly(new Customer(3, "customer 3"));
            }
            return null;
        });
        assertThat(client.query(Sql.of("SELECT note FROM audit"), String.class).toList()).containsExactly("kept");
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void callOutsideATransactionCommitsOnClose() {
        try (ProcedureCallResult r = client.call(Sql.of("{call log_note(?)}", "committed"))) {
            assertThat(client.poolStats().active()).isEqualTo(1);
        }
        assertThat(client.poolStats().active()).isZero();
        assertThat(client.query(Sql.of("SELECT note FROM audit"), String.class).toList())
                .containsExactly("committed");
    }

    @Test
    void procedureThatCommitsItselfWorks() {
        try (ProcedureCallResult r = client.call(Sql.of("CALL log_and_commit(?)", "tx"))) {
            assertThat(r.hasQueryResult()).isFalse();
        }
        assertThat(client.query(Sql.of("SELECT note FROM audit ORDER BY id"), String.class).toList())
                .containsExactly("tx 1", "tx 2");
    }

    @Test
    void severalResultSetsReadInOrder() {
        try (ProcedureCallResult r = client.call(Sql.of("SELECT 1 AS a; SELECT 'x' AS b, 2 AS c"))) {
            assertThat(r.queryResult(Integer.class).toList()).containsExactly(1);
            assertThat(r.nextQueryResult()).isTrue();
            assertThat(r.queryResult().collect(Collectors.toList())).containsExactly(Map.of("b", "x", "c", 2));
            assertThat(r.nextQueryResult()).isFalse();
        }
    }

    @Test
    void closedResultRefusesReads() {
        ProcedureCallResult r = client.call(Sql.of("SELECT * FROM customers_from(?)", 1L));
        r.close();
        r.close();
        assertThatThrownBy(() -> r.queryResult(Customer.class)).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(r::nextQueryResult).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void aThousandCallsInARowLeakNoConnection() {
        for (int i = 0; i < 1000; i++) {
            InOutParameter<Integer> v = InOutParameter.of(i % 2 == 0 ? null : i, Integer.class);
            InOutParameter<String> echo = InOutParameter.of("e" + i);
            try (ProcedureCallResult r = client.call(Sql.of("CALL null_or_default(?, ?)", v, echo))) {
                assertThat(v.get()).isEqualTo(i % 2 == 0 ? -1 : i);
            }
            if (i % 10 == 0) {
                try (ProcedureCallResult r = client.call(Sql.of("{call report(?)}", 1L))) {
                    assertThat(r.queryResult(Customer.class).count()).isEqualTo(1);
                }
                assertThatThrownBy(() -> client.call(Sql.of("CALL withdraw(?)", BigDecimal.ONE)))
                        .isInstanceOf(DatabaseException.class);
            }
        }
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void anUnclosedResultIsReportedAndItsConnectionReturned() throws InterruptedException {
        openAndForget();
        assertThat(client.poolStats().active()).isEqualTo(1);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (client.poolStats().active() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(client.poolStats().active()).isZero();
        // Its work was rolled back, not committed.
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM audit"), Long.class)).isZero();
    }

    private static void openAndForget() {
        client.call(Sql.of("CALL log_note(?)", "forgotten"));
    }
}
