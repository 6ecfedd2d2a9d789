package io.pgconnector.pipeline;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.NoRowsException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.errors.TooManyRowsException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.pipeline.internal.PipelinedCount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipelined client against the JDBC client on the same database: same rows, same errors, no poisoning. */
@WithPostgres
@Timeout(120)
class PipelinedClientTest {
    static PostgresClient jdbc;
    static PostgresClient pipelined;

    record Item(long id, String name, BigDecimal price, OffsetDateTime created, LocalDate day, UUID ref,
            Integer qty, Boolean active) {
    }

    record Missing(long id, String notThere) {
    }

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        jdbc = TestClients.client(db);
        pipelined = PipelinedClient.open(TestClients.builder(db), 1);
        jdbc.execute(Sql.of("CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(12,2), "
                + "created timestamptz, day date, ref uuid, qty int, active bool)"));
        jdbc.execute(Sql.of("INSERT INTO items SELECT g, 'item ' || g, g * 1.25, "
                + "'2024-01-01 00:00:00+00'::timestamptz + g * interval '1 minute', DATE '2024-01-01' + g, "
                + "md5(g::text)::uuid, CASE WHEN g % 3 = 0 THEN NULL ELSE g END, g % 2 = 0 "
                + "FROM generate_series(1, 200) g"));
        jdbc.execute(Sql.of("CREATE TABLE uniq (id int PRIMARY KEY, v int UNIQUE)"));
        jdbc.execute(Sql.of("INSERT INTO uniq VALUES (1, 1), (2, 2)"));
    }

    @AfterAll
    static void tearDown() {
        pipelined.close();
        jdbc.close();
    }

    private static long pipelinedSoFar() {
        return PipelinedCount.of(pipelined);
    }

    @Test
    void lookupsArePipelinedAndGiveTheJdbcEnginesRows() {
        long before = pipelinedSoFar();
        for (long id = 1; id <= 12; id++) {
            Sql byId = Sql.of("SELECT * FROM items WHERE id = ?", id);
            assertThat(pipelined.queryRow(byId, Item.class)).isEqualTo(jdbc.queryRow(byId, Item.class));
            assertThat(pipelined.queryRow(byId)).isEqualTo(jdbc.queryRow(byId));
            Function<io.pgconnector.client.Row, String> lambda = row -> row.get("name", String.class) + "/"
                    + row.get("qty", Integer.class) + "/" + row.get(2, BigDecimal.class) + "/" + row.get("id", long.class);
            assertThat(pipelined.queryRow(byId, lambda)).isEqualTo(jdbc.queryRow(byId, lambda));
        }
        Sql range = Sql.of("SELECT id, name, active FROM items WHERE id BETWEEN ? AND ? ORDER BY id", 10, 20L);
        assertThat(pipelined.queryList(range, Map.class, 20)).isEqualTo(jdbc.queryList(range, Map.class, 20));
        Sql none = Sql.of("SELECT name FROM items WHERE id = ?", -1L);
        assertThat(pipelined.queryOptional(none, String.class)).isEqualTo(Optional.empty());
        assertThat(pipelined.queryOptional(Sql.of("SELECT qty FROM items WHERE id = ?", 3L), Integer.class))
                .isEmpty();
        // SELECT * has a numeric column (read by the JDBC engine); the range, the optionals are pipelined.
        Sql noNumeric = Sql.of("SELECT id, name, created, day, ref, qty, active FROM items WHERE id = ?", 5L);
        assertThat(pipelined.queryRow(noNumeric)).isEqualTo(jdbc.queryRow(noNumeric));
        assertThat(pipelinedSoFar() - before).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theSameErrorsAsTheJdbcEngine() {
        Sql noRow = Sql.of("SELECT name FROM items WHERE id = ?", -5L);
        assertThatThrownBy(() -> pipelined.queryRow(noRow, String.class)).isInstanceOf(NoRowsException.class)
                .hasMessage(message(() -> jdbc.queryRow(noRow, String.class)));
        Sql many = Sql.of("SELECT id FROM items WHERE id <= ?", 5L);
        assertThatThrownBy(() -> pipelined.queryList(many, Long.class, 3)).isInstanceOf(TooManyRowsException.class)
                .hasMessage(message(() -> jdbc.queryList(many, Long.class, 3)));
        Sql two = Sql.of("SELECT id, name FROM items WHERE id = ?", 1L);
        assertThatThrownBy(() -> pipelined.queryRow(two, Long.class)).isInstanceOf(TypeMismatchException.class)
                .hasMessage(message(() -> jdbc.queryRow(two, Long.class)));
        assertThatThrownBy(() -> pipelined.queryRow(two, Missing.class)).isInstanceOf(FieldMismatchException.class)
                .hasMessage(message(() -> jdbc.queryRow(two, Missing.class)));

        // Errors raised by the server while the statement runs in the pipeline keep their SQLSTATE.
        Sql divide = Sql.of("SELECT 10 / (id - ?) FROM items WHERE id = ?", 1L, 1L);
        assertThat(state(() -> pipelined.queryRow(divide, Long.class))).isEqualTo("22012");
        PostgresException viaPipeline = failure(() -> pipelined.queryRow(divide, Long.class));
        PostgresException viaJdbc = failure(() -> jdbc.queryRow(divide, Long.class));
        assertThat(viaPipeline).isExactlyInstanceOf(viaJdbc.getClass()).hasMessage(viaJdbc.getMessage());
        Sql duplicate = Sql.of("UPDATE uniq SET v = ? WHERE id = ?", 2, 1);
        assertThat(failure(() -> pipelined.execute(duplicate))).isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(e.sqlState()).isEqualTo("23505"));
        assertThat(pipelined.execute(Sql.of("UPDATE uniq SET v = ? WHERE id = ?", 3, 1)).affectedRowCount())
                .isEqualTo(1);
        // A statement the server cannot parse: described by the JDBC engine, which reports it.
        assertThat(state(() -> pipelined.queryRow(Sql.of("SELEC 1"), Integer.class))).isEqualTo("42601");
    }

    @Test
    void aFailingStatementDoesNotPoisonTheOthersInThePipeline() throws Exception {
        // 64 callers on one connection; every fourth statement divides by zero.
        runCallers(Executors.newFixedThreadPool(64));
    }

    @Test
    void virtualThreadsShareTheConnectionToo() throws Exception {
        ExecutorService virtual;
        try {
            virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "virtual threads need Java 21+");
            return;
        }
        runCallers(virtual);
    }

    private static void runCallers(ExecutorService pool) throws Exception {
        long before = pipelinedSoFar();
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int caller = 0; caller < 64; caller++) {
                    long id = caller + 1;
                    boolean fails = caller % 4 == 0;
                    Callable<Object> call = () -> {
                        try {
                            return pipelined.queryRow(Sql.of("SELECT id * 10 / (id - ?) AS v FROM items WHERE id = ?",
                                    fails ? id : 0L, id), Long.class);
                        } catch (PostgresException e) {
                            return e;
                        }
                    };
                    results.add(pool.submit(call));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                long id = i % 64 + 1;
                Object r = results.get(i).get(60, TimeUnit.SECONDS);
                if (i % 64 % 4 == 0) {
                    assertThat(r).as("caller %d", i).isInstanceOf(DatabaseException.class);
                    assertThat(((PostgresException) r).sqlState()).isEqualTo("22012");
                } else {
                    assertThat(r).as("caller %d", i).isEqualTo(10L);
                }
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(pipelinedSoFar() - before).isEqualTo(640);
    }

    @Test
    void theOtherVerbsRunOnTheJdbcEngine() {
        pipelined.execute(Sql.of("CREATE TABLE IF NOT EXISTS keyed (id bigserial PRIMARY KEY, v text)"));
        assertThat(pipelined.execute(Sql.of("INSERT INTO keyed (v) VALUES (?)", "a")).lastInsertId()).isEqualTo(1L);
        Long inTx = pipelined.transaction(tx -> {
            tx.execute(Sql.of("INSERT INTO keyed (v) VALUES (?)", "b"));
            return tx.queryRow(Sql.of("SELECT count(*) FROM keyed"), Long.class);
        });
        assertThat(inTx).isEqualTo(2L);
        try (var rows = pipelined.query(Sql.of("SELECT v FROM keyed ORDER BY id"), String.class)) {
            assertThat(rows).containsExactly("a", "b");
        }
        // An array column is outside the pipelined types: the JDBC engine reads it.
        assertThat(pipelined.queryRow(Sql.of("SELECT ARRAY[1, 2]::int4[]"), int[].class)).containsExactly(1, 2);
    }

    @Test
    void aClosedClientSaysSo(PostgresDatabase db) {
        PostgresClient c = PipelinedClient.open(TestClients.builder(db), 1);
        assertThat(c.queryRow(Sql.of("SELECT ?::int", 7), Integer.class)).isEqualTo(7);
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(() -> c.queryRow(Sql.of("SELECT ?::int", 7), Integer.class))
                .isInstanceOf(io.pgconnector.errors.ClientClosedException.class);
    }

    private static String message(Runnable call) {
        return failure(call).getMessage();
    }

    private static String state(Runnable call) {
        return failure(call).sqlState();
    }

    private static PostgresException failure(Runnable call) {
        try {
            call.run();
        } catch (PostgresException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @SuppressWarnings("unused")
    private static void unwrap(ExecutionException e) {
    }
}
