package io.pgconnector.client;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.PostgresException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(120)
class ExecuteTest {
    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @BeforeEach
    void tables() {
        client.execute(Sql.of("DROP TABLE IF EXISTS items, plain, uuids"));
        client.execute(Sql.of("CREATE TABLE items (id serial PRIMARY KEY, name text UNIQUE, price numeric)"));
        client.execute(Sql.of("CREATE TABLE plain (code text PRIMARY KEY, n int)"));
    }

    @Test
    void insertReturnsCountAndGeneratedKey() {
        ExecutionResult first = client.execute(Sql.of("INSERT INTO items(name, price) VALUES (?, ?)", "a", 1));
        ExecutionResult second = client.execute(Sql.of("INSERT INTO items(name, price) VALUES (?, ?), (?, ?)",
                "b", 2, "c", 3));
        assertThat(first.affectedRowCount()).isEqualTo(1);
        assertThat(first.lastInsertId()).isEqualTo(1);
        assertThat(second.affectedRowCount()).isEqualTo(2);
        assertThat(second.lastInsertIdAsLong()).hasValue(3L);
    }

    @Test
    void aTableRecreatedWithOtherKeyColumnsStillTakesInserts() {
        client.execute(Sql.of("DROP TABLE IF EXISTS reborn"));
        client.execute(Sql.of("CREATE TABLE reborn (id serial PRIMARY KEY, v text)"));
        assertThat(client.execute(Sql.of("INSERT INTO reborn (v) VALUES (?)", "a")).lastInsertId()).isEqualTo(1);
        client.execute(Sql.of("DROP TABLE reborn"));
        client.execute(Sql.of("CREATE TABLE reborn (code bigint GENERATED ALWAYS AS IDENTITY (START WITH 50) "
                + "PRIMARY KEY, v text)"));
        // The key column looked up for the first table ("id") is gone: the insert runs with the present one.
        ExecutionResult r = client.execute(Sql.of("INSERT INTO reborn (v) VALUES (?)", "b"));
        assertThat(r.affectedRowCount()).isEqualTo(1);
        assertThat(r.lastInsertId()).isEqualTo(50L);
        client.execute(Sql.of("DROP TABLE reborn"));
        client.execute(Sql.of("CREATE TABLE reborn (id serial PRIMARY KEY, v text)"));
        // Inside a transaction the failed statement aborts it, so it is not run again; the next one works.
        client.execute(Sql.of("INSERT INTO reborn (v) VALUES (?)", "c"));
        client.execute(Sql.of("DROP TABLE reborn"));
        client.execute(Sql.of("CREATE TABLE reborn (code bigint GENERATED ALWAYS AS IDENTITY (START WITH 70) "
                + "PRIMARY KEY, v text)"));
        assertThatThrownBy(() -> client.transaction(tx -> tx.execute(Sql.of("INSERT INTO reborn (v) VALUES (?)",
                "d")))).isInstanceOf(io.pgconnector.errors.PostgresException.class);
        assertThat(client.transaction(tx -> tx.execute(Sql.of("INSERT INTO reborn (v) VALUES (?)", "e")))
                .lastInsertId()).isEqualTo(70L);
        assertThat(client.queryList(Sql.of("SELECT v FROM reborn ORDER BY code"), String.class)).containsExactly("e");
    }

    @Test
    void generatedKeysOfIdentityColumnsQuotedAndQualifiedTables() {
        client.execute(Sql.of("CREATE SCHEMA IF NOT EXISTS shop"));
        client.execute(Sql.of("DROP TABLE IF EXISTS shop.\"Line Items\""));
        client.execute(Sql.of("CREATE TABLE shop.\"Line Items\" (label text, n bigint GENERATED ALWAYS AS IDENTITY "
                + "(START WITH 100), payload bytea)"));
        ExecutionResult r = client.execute(Sql.of("INSERT INTO shop.\"Line Items\" (label, payload) VALUES (?, ?)",
                "x", new byte[1024]));
        assertThat(r.lastInsertId()).isEqualTo(100L);
        ExecutionResult defaults = client.execute(Sql.of("INSERT INTO shop.\"Line Items\" DEFAULT VALUES"));
        assertThat(defaults.lastInsertIdAsLong()).hasValue(101L);
    }

    @Test
    void insertFromAQueryReportsItsCountAndLastKey() {
        client.execute(Sql.of("INSERT INTO items(name) VALUES ('a'), ('b')"));
        ExecutionResult r = client.execute(Sql.of("INSERT INTO items(name) SELECT name || '2' FROM items"));
        assertThat(r.affectedRowCount()).isEqualTo(2);
        assertThat(r.lastInsertId()).isEqualTo(4);
        ExecutionResult returning = client.execute(Sql.of("INSERT INTO items(name) VALUES (?) RETURNING id", "c"));
        assertThat(returning.lastInsertId()).isEqualTo(5);
    }

    @Test
    void insertIntoATableWithoutGeneratedKeyHasNoKey() {
        ExecutionResult r = client.execute(Sql.of("INSERT INTO plain VALUES (?, ?)", "x", 1));
        assertThat(r.affectedRowCount()).isEqualTo(1);
        assertThat(r.lastInsertId()).isNull();
    }

    @Test
    void updateDeleteAndDdlReportCountsWithoutKeys() {
        client.execute(Sql.of("INSERT INTO plain VALUES ('a', 1), ('b', 2), ('c', 3)"));
        ExecutionResult update = client.execute(Sql.of("UPDATE plain SET n = n + 1 WHERE n >= ?", 2));
        assertThat(update.affectedRowCount()).isEqualTo(2);
        assertThat(update.lastInsertId()).isNull();
        assertThat(client.execute(Sql.of("DELETE FROM plain WHERE code = ?", "a")).affectedRowCount()).isEqualTo(1);
        ExecutionResult ddl = client.execute(Sql.of("CREATE TABLE uuids (u uuid DEFAULT gen_random_uuid())"));
        assertThat(ddl.affectedRowCount()).isZero();
        assertThat(ddl.lastInsertId()).isNull();
    }

    @Test
    void errorsCarryTheServersSqlState() {
        client.execute(Sql.of("INSERT INTO plain VALUES ('dup', 1)"));
        assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO plain VALUES (?, ?)", "dup", 2)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("duplicate key")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("23505");
        assertThatThrownBy(() -> client.execute(Sql.of("SELEC 1")))
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("42601");
    }

    @Test
    void batchOfTenThousandInserts() {
        Sql insert = Sql.of("INSERT INTO items(name, price) VALUES (?, ?)", null, null);
        List<Sql> batch = IntStream.range(0, 10_000).mapToObj(i -> insert.withValues("item" + i, i))
                .collect(Collectors.toList());
        List<ExecutionResult> results = client.batchExecute(batch);
        assertThat(results).hasSize(10_000).allSatisfy(r -> assertThat(r.affectedRowCount()).isEqualTo(1));
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isEqualTo(10_000L);
        assertThat(client.queryRow(Sql.of("SELECT sum(price) FROM items"), Long.class))
                .isEqualTo(10_000L * 9_999 / 2);
    }

    @Test
    void failedBatchTellsWhichStatementsRanAndKeepsNothing() {
        Sql insert = Sql.of("INSERT INTO items(name, price) VALUES (?, ?)", null, null);
        List<Sql> batch = new ArrayList<>();
        batch.add(insert.withValues("a", 1));
        batch.add(insert.withValues("b", 2));
        batch.add(insert.withValues("a", 3));
        batch.add(insert.withValues("d", 4));
        batch.add(insert.withValues("e", 5));
        assertThatThrownBy(() -> client.batchExecute(batch))
                .isInstanceOfSatisfying(BatchExecuteException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.failedIndex()).isEqualTo(2);
                    assertThat(e.results()).hasSize(5);
                    assertThat(e.results()).extracting(BatchStatementResult::succeeded)
                            .containsExactly(true, true, false, false, false);
                    assertThat(e.results().get(2).status()).isEqualTo(BatchStatementResult.Status.FAILED);
                });
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void largeInsertBatchesKeepTheirSemanticsOnTheCopyPath() {
        Sql insert = Sql.of("INSERT INTO items(name, price) VALUES (?, ?)", null, null);
        List<Sql> batch = IntStream.range(0, 200).mapToObj(i -> insert.withValues(i == 150 ? "item3" : "item" + i, i))
                .collect(Collectors.toList());
        assertThatThrownBy(() -> client.batchExecute(batch))
                .isInstanceOfSatisfying(BatchExecuteException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.failedIndex()).isEqualTo(150);
                    assertThat(e.results()).hasSize(200);
                    assertThat(e.results().get(149).succeeded()).isTrue();
                    assertThat(e.results().get(151).status()).isEqualTo(BatchStatementResult.Status.NOT_EXECUTED);
                    assertThat(e.getMessage()).doesNotContain("item3\t");
                });
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void awkwardTextAndNullsSurviveTheCopyPath() {
        client.execute(Sql.of("CREATE TABLE awkward (id int, body text, tags text[], doc jsonb)"));
        Sql insert = Sql.of("INSERT INTO awkward VALUES (?, ?, ?, ?)", null, null, null, null);
        List<String> bodies = List.of("tab\there", "new\nline", "back\\slash", "\\N", "quote'\"", "", "ünïcödé");
        List<Sql> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = i % 10 == 9 ? null : bodies.get(i % bodies.size()) + i;
            batch.add(insert.withValues(i, body, List.of("a b", "c,d", "e\"f"), i % 2 == 0 ? "{\"n\": " + i + "}" : null));
        }
        assertThat(client.batchExecute(batch)).hasSize(100);
        try (var rows = client.query(Sql.of("SELECT id, body, tags, doc::text FROM awkward ORDER BY id"))) {
            List<java.util.Map<String, Object>> all = rows.collect(Collectors.toList());
            assertThat(all).hasSize(100);
            for (int i = 0; i < 100; i++) {
                String expected = i % 10 == 9 ? null : bodies.get(i % bodies.size()) + i;
                assertThat(all.get(i).get("body")).isEqualTo(expected);
                assertThat(all.get(i).get("tags")).isEqualTo(List.of("a b", "c,d", "e\"f"));
                assertThat(all.get(i).get("doc")).isEqualTo(i % 2 == 0 ? "{\"n\": " + i + "}" : null);
            }
        }
    }

    @Test
    void insertsWithExpressionsOrConflictClausesUseTheOrdinaryBatch() {
        Sql upsert = Sql.of("INSERT INTO plain VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET n = plain.n + 1", null,
                null);
        List<Sql> batch = IntStream.range(0, 100).mapToObj(i -> upsert.withValues("k" + (i % 10), i))
                .collect(Collectors.toList());
        assertThat(client.batchExecute(batch)).hasSize(100).allSatisfy(r -> assertThat(r.affectedRowCount()).isOne());
        assertThat(client.queryRow(Sql.of("SELECT sum(n) FROM plain"), Long.class)).isEqualTo(45L + 90L); // ten inserts of 0..9, then 90 increments
    }

    @Test
    void rowsStreamIntoABatchWithoutSqlObjects() {
        var rows = IntStream.range(0, 5000)
                .mapToObj(i -> java.util.Arrays.<Object>asList("row" + i, i % 3 == 0 ? null : i));
        List<ExecutionResult> results = client.batchExecute("INSERT INTO items(name, price) VALUES (?, ?)", rows);
        assertThat(results).hasSize(5000).allSatisfy(r -> assertThat(r.affectedRowCount()).isOne());
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items WHERE price IS NULL"), Long.class))
                .isEqualTo(1667L);
        List<ExecutionResult> updates = client.batchExecute("UPDATE items SET price = ? WHERE name = ?",
                Stream.of(List.of(1, "row0"), List.of(2, "row3"), List.of(3, "missing")));
        assertThat(updates).extracting(ExecutionResult::affectedRowCount).containsExactly(1L, 1L, 0L);
    }

    @Test
    void streamedRowsAreCheckedAndFailuresNameTheRow() {
        assertThatThrownBy(() -> client.batchExecute("INSERT INTO plain VALUES (?, ?)", Stream.of()))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> client.batchExecute("INSERT INTO plain VALUES (?, ?)",
                Stream.of(List.of("a", 1), List.of("b"))))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("Row 1")
                .hasMessageContaining("1 value(s)");
        var rows = IntStream.range(0, 300).mapToObj(i -> List.<Object>of(i == 250 ? "k0" : "k" + i, i));
        assertThatThrownBy(() -> client.batchExecute("INSERT INTO plain VALUES (?, ?)", rows))
                .isInstanceOfSatisfying(BatchExecuteException.class, e -> {
                    assertThat(e.failedIndex()).isEqualTo(250);
                    assertThat(e.sqlState()).isEqualTo("23505");
                });
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM plain"), Long.class)).isZero();
    }

    @Test
    void emptyOrMixedBatchesAreRefused() {
        assertThatThrownBy(() -> client.batchExecute(List.of()))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> client.batchExecute(List.of(Sql.of("INSERT INTO plain VALUES ('a', 1)"),
                Sql.of("INSERT INTO plain VALUES ('b', 2)"))))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("same text");
    }

    @Test
    void transactionCommitsOnReturn() {
        long id = client.transaction(tx -> {
            tx.execute(Sql.of("INSERT INTO plain VALUES ('t1', 1)"));
            return tx.queryRow(Sql.of("INSERT INTO items(name) VALUES ('x') RETURNING id"), Long.class);
        });
        assertThat(id).isEqualTo(1L);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM plain"), Long.class)).isEqualTo(1L);
    }

    @Test
    void transactionRolledBackByAnExceptionLeavesNoRows() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> client.transaction(tx -> {
            tx.execute(Sql.of("INSERT INTO plain VALUES ('t1', 1)"));
            tx.batchExecute(List.of(Sql.of("INSERT INTO plain VALUES (?, 2)", "t2")));
            throw boom;
        })).isSameAs(boom);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM plain"), Long.class)).isZero();
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void checkedExceptionsRollBackAndArriveWrapped() {
        assertThatThrownBy(() -> client.transaction(tx -> {
            tx.execute(Sql.of("INSERT INTO plain VALUES ('t1', 1)"));
            throw new java.io.IOException("disk");
        })).isInstanceOf(PostgresException.class).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM plain"), Long.class)).isZero();
    }

    @Test
    void isolationLevelIsApplied() {
        String level = client.transaction(IsolationLevel.SERIALIZABLE,
                tx -> tx.queryRow(Sql.of("SHOW transaction_isolation"), String.class));
        assertThat(level).isEqualTo("serializable");
        assertThat(client.queryRow(Sql.of("SHOW transaction_isolation"), String.class)).isEqualTo("read committed");
    }

    @Test
    void aTransactionHandleCannotBeUsedAfterItEnds() {
        Transaction[] leaked = new Transaction[1];
        client.transaction(tx -> leaked[0] = tx);
        assertThatThrownBy(() -> leaked[0].execute(Sql.of("SELECT 1")))
                .isInstanceOf(ClientClosedException.class).hasMessageContaining("ended");
    }
}
