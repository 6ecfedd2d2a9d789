package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.errors.UnsupportedTypeException;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Promise 5 (statements and mapping): programming errors get their specific exception, with a message that names
 * the parameter or column, the SQL type and the Java type; and the client keeps working afterwards (no connection is
 * lost to a failed call).
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(60)
class BadInputTest {
    private static PostgresClient client;

    @BeforeAll
    static void connect(EmbeddedPostgres server) {
        PostgresDatabase db = Secrets.appDatabase(server, "bad_input");
        client = Secrets.builder(db, ClientOptions.defaults()).build();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            assertThat(client.poolStats().active()).as("connections still in use").isZero();
            client.close();
        }
    }

    @Test
    void wrongParameterCountsNameBothCounts() {
        assertThatThrownBy(() -> Sql.of("SELECT ?, ?", 1)).isInstanceOfSatisfying(InvalidStatementException.class,
                e -> assertThat(e.getMessage()).contains("2 placeholder").contains("1 value"));
        assertThatThrownBy(() -> Sql.of("SELECT ?", 1, 2, 3)).isInstanceOfSatisfying(InvalidStatementException.class,
                e -> assertThat(e.getMessage()).contains("1 placeholder").contains("3 value"));
        assertThatThrownBy(() -> Sql.of("SELECT 1", "x")).isInstanceOfSatisfying(InvalidStatementException.class,
                e -> assertThat(e.getMessage()).contains("0 placeholder").contains("1 value"));
        // Question marks inside literals, quoted identifiers, comments and dollar quotes are not placeholders.
        assertThat(client.queryRow(Sql.of("SELECT '?' || ? /* ? */ || $$?$$ AS \"?\" -- ?\n", "x"), String.class))
                .isEqualTo("?x?");
        assertThatThrownBy(() -> Sql.of("SELECT '?' || ? || $q$?$q$")).isInstanceOfSatisfying(
                InvalidStatementException.class, e -> assertThat(e.getMessage()).contains("1 placeholder"));
        assertThatThrownBy(() -> Sql.of("SELECT ?", 1).withValues()).isInstanceOf(InvalidStatementException.class);
    }

    /** A type the client cannot send. */
    static final class Opaque {
    }

    @Test
    void unsupportedParameterTypesNameTheIndexAndTheJavaType() {
        Object[] unsupported = {new Opaque(), new Object(), Optional.of(1), new AtomicLong(1), Thread.currentThread(),
                new StringBuilder("x")};
        for (Object value : unsupported) {
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT ?::text, ?::text", "ok", value), String.class))
                    .as(value.getClass().getName())
                    .isInstanceOfSatisfying(UnsupportedTypeException.class, e -> assertThat(e.getMessage())
                            .contains("Parameter 2").contains(value.getClass().getName()));
        }
        assertThatThrownBy(() -> client.execute(Sql.of("SELECT ?", new Opaque())))
                .isInstanceOfSatisfying(UnsupportedTypeException.class, e -> assertThat(e.getMessage())
                        .contains("Parameter 1").contains(Opaque.class.getName()));
        assertThatThrownBy(() -> client.batchExecute(List.of(Sql.of("SELECT ?", 1), Sql.of("SELECT ?", new Opaque()))))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining(Opaque.class.getName());
        assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
    }

    record Counter(int n, String label) {
    }

    record Flags(boolean on, long big, double ratio) {
    }

    @Test
    void nullIntoAPrimitiveComponentNamesTheColumn() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT NULL::int AS n, 'x' AS label"), Counter.class))
                .isInstanceOfSatisfying(TypeMismatchException.class, e -> assertThat(e.getMessage())
                        .contains("'n'").contains("NULL").contains("int"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT true AS on, NULL::bigint AS big, 0.5 AS ratio"),
                Flags.class)).isInstanceOfSatisfying(TypeMismatchException.class,
                        e -> assertThat(e.getMessage()).contains("'big'").contains("long"));
        try (Stream<Counter> rows = client.query(Sql.of(
                "SELECT g AS n, 'x' AS label FROM generate_series(1, 3) g UNION ALL SELECT NULL, 'y'"), Counter.class)) {
            assertThatThrownBy(() -> rows.forEach(r -> { })).isInstanceOfSatisfying(TypeMismatchException.class,
                    e -> assertThat(e.getMessage()).contains("'n'"));
        }
    }

    record Typed(int n) {
    }

    record Dated(LocalDate d) {
    }

    @Test
    void mismatchedColumnTypesNameTheColumnTheSqlTypeAndTheJavaType() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT now() AS n"), Typed.class))
                .isInstanceOfSatisfying(TypeMismatchException.class, e -> assertThat(e.getMessage())
                        .contains("'n'").contains("timestamp").contains("int"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT point(1,2) AS n"), Typed.class))
                .isInstanceOfSatisfying(TypeMismatchException.class, e -> assertThat(e.getMessage())
                        .contains("'n'").contains("point").contains("int"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT '{\"a\":1}'::jsonb AS d"), Dated.class))
                .isInstanceOfSatisfying(TypeMismatchException.class, e -> assertThat(e.getMessage())
                        .contains("'d'").contains("jsonb").contains("LocalDate"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1 AS a, 2 AS b"), Integer.class))
                .isInstanceOf(TypeMismatchException.class);
        assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
    }
}
