package io.pgconnector.client;

import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.NoRowsException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.errors.TooManyRowsException;
import io.pgconnector.errors.TypeMismatchException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Point;
import io.pgconnector.types.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class EverydayVerbsTest {
    record Order(long id, String customerName, BigDecimal total) {
    }

    record Total(String customer, BigDecimal total) {
    }

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE orders (id bigint PRIMARY KEY, customer_name text, total numeric(12,2), "
                + "created_at timestamptz, spot point, window_days int4range)"));
        client.execute(Sql.of("INSERT INTO orders VALUES "
                + "(1, 'Ada', 10.50, '2024-01-02 03:04:05+00', '(1,2)', '[1,5)'), "
                + "(2, 'Grace', 99.99, '2024-02-03 04:05:06+00', NULL, NULL), "
                + "(3, 'Ada', 5.00, NULL, NULL, NULL)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void queryOptionalFindsTheRowOrNothing() {
        Optional<Order> found = client.queryOptional(Sql.of("SELECT * FROM orders WHERE id = ?", 2L), Order.class);
        assertThat(found).map(Order::customerName).contains("Grace");
        assertThat(client.queryOptional(Sql.of("SELECT * FROM orders WHERE id = ?", 42L), Order.class)).isEmpty();
        assertThat(client.queryOptional(Sql.of("SELECT customer_name FROM orders WHERE id = 1"), String.class))
                .contains("Ada");
    }

    @Test
    void queryOptionalOfANullScalarIsEmpty() {
        assertThat(client.queryOptional(Sql.of("SELECT created_at FROM orders WHERE id = 3"), OffsetDateTime.class))
                .isEmpty();
    }

    @Test
    void queryListReturnsEveryRowWithoutAStream() {
        List<Order> orders = client.queryList(Sql.of("SELECT * FROM orders ORDER BY id"), Order.class);
        assertThat(orders).extracting(Order::id).containsExactly(1L, 2L, 3L);
        assertThat(client.queryList(Sql.of("SELECT id FROM orders WHERE id > 99"), Long.class)).isEmpty();
        assertThat(client.queryList(Sql.of("SELECT created_at FROM orders ORDER BY id"), Instant.class))
                .hasSize(3).containsNull();
        assertThatThrownBy(() -> orders.add(orders.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void queryListAboveItsLimitIsTooManyRows() {
        assertThat(client.queryList(Sql.of("SELECT id FROM orders"), Long.class, 3)).hasSize(3);
        assertThatThrownBy(() -> client.queryList(Sql.of("SELECT id FROM orders"), Long.class, 2))
                .isInstanceOf(TooManyRowsException.class)
                .hasMessageContaining("more than 2 rows")
                .satisfies(e -> assertThat(((PostgresException) e).sqlState()).isEqualTo("21000"));
        assertThatThrownBy(() -> client.queryList(Sql.of("SELECT g FROM generate_series(1, 10001) g"), Integer.class))
                .isInstanceOf(TooManyRowsException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> client.queryList(Sql.of("SELECT 1"), Integer.class, 0))
                .isInstanceOf(IllegalArgumentException.class);
        // The guard released its connection: the pool of 4 still serves.
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.queryList(Sql.of("SELECT id FROM orders"), Long.class, 1))
                    .isInstanceOf(TooManyRowsException.class);
        }
    }

    @Test
    void lambdaMapperReadsByNameAndIndexWithTheRecordCodecs() {
        List<String> rows = client.queryList(Sql.of("SELECT id, customer_name, total, created_at, spot, window_days "
                + "FROM orders WHERE id = 1"), row -> row.get(0, Long.class) + "|" + row.get("customerName", String.class)
                + "|" + row.get("total", BigDecimal.class) + "|" + row.get("created_at", Instant.class)
                + "|" + row.get("spot", Point.class) + "|" + row.get("window_days", Range.class)
                + "|" + row.get("id", long.class) + "|" + row.get("total", double.class));
        assertThat(rows).containsExactly("1|Ada|10.50|2024-01-02T03:04:05Z|" + Point.of(1, 2) + "|"
                + Range.closedOpen(1, 5) + "|1|10.5");
    }

    @Test
    void lambdaMapperSeesNaturalTypesAndColumnLabels() {
        Map<String, Object> natural = client.queryRow(Sql.of("SELECT id, spot FROM orders WHERE id = 1"), row -> {
            assertThat(row.size()).isEqualTo(2);
            return Map.of(row.label(0), row.get(0), row.label(1), row.get("spot"));
        });
        assertThat(natural).containsEntry("id", 1L).containsEntry("spot", Point.of(1, 2));
    }

    @Test
    void lambdaMapperErrorsNameTheColumn() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT id FROM orders WHERE id = 1"),
                row -> row.get("nope", Long.class)))
                .isInstanceOf(FieldMismatchException.class).hasMessageContaining("nope").hasMessageContaining("[id]");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT customer_name FROM orders WHERE id = 1"),
                row -> row.get(0, Point.class)))
                .isInstanceOf(TypeMismatchException.class).hasMessageContaining("customer_name");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT NULL::int8 AS n"), row -> row.get(0, long.class)))
                .isInstanceOf(TypeMismatchException.class).hasMessageContaining("NULL");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1 WHERE false"), row -> row.get(0)))
                .isInstanceOf(NoRowsException.class);
    }

    @Test
    void lambdaStreamAndOptional() {
        try (Stream<Total> totals = client.query(Sql.of("SELECT customer_name, sum(total) FROM orders GROUP BY 1 "
                + "ORDER BY 1"), row -> new Total(row.get(0, String.class), row.get(1, BigDecimal.class)))) {
            assertThat(totals.map(t -> t.customer() + "=" + t.total()).collect(Collectors.joining(",")))
                    .isEqualTo("Ada=15.50,Grace=99.99");
        }
        assertThat(client.queryOptional(Sql.of("SELECT id FROM orders WHERE id = 9"), row -> row.get(0))).isEmpty();
        assertThat(client.queryOptional(Sql.of("SELECT id FROM orders WHERE id = 2"), row -> row.get(0, Long.class)))
                .contains(2L);
    }

    @Test
    void transactionHasTheSameVerbs() {
        List<Long> ids = client.transaction(tx -> {
            tx.execute(Sql.named("INSERT INTO orders(id, customer_name, total) VALUES (:id, :who, :total)",
                    Map.of("id", 10L, "who", "Tx", "total", BigDecimal.ONE)));
            assertThat(tx.queryOptional(Sql.of("SELECT * FROM orders WHERE id = 10"), Order.class)).isPresent();
            BigDecimal total = tx.queryRow(Sql.of("SELECT total FROM orders WHERE id = 10"),
                    r -> r.get(0, BigDecimal.class));
            assertThat(total).isEqualByComparingTo("1");
            return tx.queryList(Sql.of("SELECT id FROM orders WHERE id >= 3 ORDER BY id"), r -> r.get(0, Long.class));
        });
        assertThat(ids).containsExactly(3L, 10L);
        client.execute(Sql.of("DELETE FROM orders WHERE id = 10"));
    }
}
