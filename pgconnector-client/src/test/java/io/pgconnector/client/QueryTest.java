package io.pgconnector.client;

import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.NoRowsException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.errors.TypeMismatchException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.mapping.Column;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class QueryTest {
    record Order(long id, String customerName, BigDecimal total, OffsetDateTime createdAt) {
    }

    record Renamed(long id, @Column("customer_name") String who) {
    }

    record NeedsMissing(long id, String notThere) {
    }

    record Primitive(long id, int quantity) {
    }

    public static class OrderBean {
        private long id;
        private String customerName;
        private BigDecimal total;

        public void setId(long id) {
            this.id = id;
        }

        public void setCustomerName(String customerName) {
            this.customerName = customerName;
        }
    }

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE orders (id bigserial PRIMARY KEY, customer_name text, "
                + "total numeric(12,2), created_at timestamptz, quantity int)"));
        client.execute(Sql.of("INSERT INTO orders (customer_name, total, created_at, quantity) VALUES "
                + "('Ada', 10.50, '2024-01-02 03:04:05+00', 1), ('Grace', 99.99, '2024-02-03 04:05:06+00', NULL)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void mapsRowsToRecordsIgnoringCaseAndUnderscores() {
        try (Stream<Order> rows = client.query(Sql.of("SELECT * FROM orders ORDER BY id"), Order.class)) {
            List<Order> orders = rows.collect(Collectors.toList());
            assertThat(orders).extracting(Order::customerName).containsExactly("Ada", "Grace");
            assertThat(orders.get(0).total()).isEqualByComparingTo("10.50");
            assertThat(orders.get(0).createdAt().toInstant())
                    .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC).toInstant());
        }
    }

    @Test
    void columnAnnotationRenames() {
        Renamed r = client.queryRow(Sql.of("SELECT id, customer_name FROM orders WHERE customer_name = ?", "Ada"),
                Renamed.class);
        assertThat(r.who()).isEqualTo("Ada");
    }

    @Test
    void mapsToClassesThroughSettersAndFields() {
        OrderBean bean = client.queryRow(Sql.of("SELECT id, customer_name, total FROM orders WHERE id = ?", 2L),
                OrderBean.class);
        assertThat(bean.id).isEqualTo(2L);
        assertThat(bean.customerName).isEqualTo("Grace");
        assertThat(bean.total).isEqualByComparingTo("99.99");
    }

    @Test
    void mapsToMapsWithNaturalTypes() {
        Map<String, Object> row = client.queryRow(Sql.of(
                "SELECT id, customer_name, total, quantity, gen_random_uuid() AS u FROM orders WHERE id = 1"));
        assertThat(row).containsEntry("id", 1L).containsEntry("customer_name", "Ada").containsEntry("quantity", 1);
        assertThat(row.get("total")).isEqualTo(new BigDecimal("10.50"));
        assertThat(row.get("u")).isInstanceOf(UUID.class);
        assertThat(row.keySet()).containsExactly("id", "customer_name", "total", "quantity", "u");
    }

    @Test
    void scalarsReadTheSingleColumn() {
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM orders"), Long.class)).isEqualTo(2L);
        assertThat(client.queryRow(Sql.of("SELECT total FROM orders WHERE id = ?", 1L), BigDecimal.class))
                .isEqualByComparingTo("10.50");
        assertThat(client.queryRow(Sql.of("SELECT 'a' || ?", "b"), String.class)).isEqualTo("ab");
        try (Stream<Long> ids = client.query(Sql.of("SELECT id FROM orders ORDER BY id"), Long.class)) {
            assertThat(ids).containsExactly(1L, 2L);
        }
    }

    @Test
    void nullsTravelBothWays() {
        assertThat(client.queryRow(Sql.of("SELECT ?::int", (Object) null), Integer.class)).isNull();
        Map<String, Object> row = client.queryRow(Sql.of("SELECT quantity FROM orders WHERE id = 2"));
        assertThat(row).containsEntry("quantity", null);
    }

    @Test
    void streamsMayHoldNullScalars() {
        try (Stream<Integer> values = client.query(Sql.of("SELECT quantity FROM orders ORDER BY id"), Integer.class)) {
            assertThat(values.collect(Collectors.toList())).containsExactly(1, null);
        }
    }

    @Test
    void nullIntoAPrimitiveComponentNamesTheColumn() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT id, quantity FROM orders WHERE id = 2"),
                Primitive.class))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("quantity").hasMessageContaining("primitive");
    }

    @Test
    void noRowIsADedicatedError() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT * FROM orders WHERE id = ?", -1L), Order.class))
                .isInstanceOf(NoRowsException.class).extracting(e -> ((PostgresException) e).sqlState())
                .isEqualTo("02000");
    }

    @Test
    void scalarTargetWithSeveralColumnsIsATypeMismatch() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT id, total FROM orders WHERE id = 1"), Long.class))
                .isInstanceOf(TypeMismatchException.class).hasMessageContaining("exactly one column")
                .hasMessageContaining("id, total");
    }

    @Test
    void componentWithoutColumnIsAFieldMismatchNamingIt() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT id FROM orders WHERE id = 1"), NeedsMissing.class))
                .isInstanceOf(FieldMismatchException.class).hasMessageContaining("notThere");
    }

    @Test
    void incompatibleColumnTypeIsATypeMismatchNamingColumnAndTypes() {
        record Wrong(long id, java.time.LocalDate customerName) {
        }
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT id, customer_name FROM orders WHERE id = 1"),
                Wrong.class))
                .isInstanceOf(TypeMismatchException.class).hasMessageContaining("customer_name")
                .hasMessageContaining("text").hasMessageContaining("LocalDate");
    }

    @Test
    void sqlErrorsAreRaisedByTheCallNotWhileIterating() {
        assertThatThrownBy(() -> client.query(Sql.of("SELECT * FROM no_such_table"), Order.class))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("no_such_table")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("42P01");
        assertThat(client.poolStats().active()).isZero();
    }

    @Test
    void injectionAttemptsAreStoredAsData() {
        client.execute(Sql.of("CREATE TABLE notes (body text)"));
        String evil = "'; DROP TABLE notes; --";
        client.execute(Sql.of("INSERT INTO notes VALUES (?)", evil));
        assertThat(client.queryRow(Sql.of("SELECT body FROM notes"), String.class)).isEqualTo(evil);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM notes WHERE body = ?", evil), Long.class))
                .isEqualTo(1L);
    }

    @Test
    void integerComparedWithJsonbWorks() {
        client.execute(Sql.of("CREATE TABLE docs (doc jsonb)"));
        client.execute(Sql.of("INSERT INTO docs VALUES ('[1, 2, 3]'), ('{\"qty\": 5}')"));
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM docs WHERE doc @> ?", 2), Long.class)).isEqualTo(1L);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM docs WHERE doc -> 'qty' = ?", 5L), Long.class))
                .isEqualTo(1L);
    }

    @Test
    void inListsExpand() {
        try (Stream<String> names = client.query(Sql.of("SELECT customer_name FROM orders WHERE id IN ? ORDER BY id",
                Sql.in(List.of(1L, 2L, 3L))), String.class)) {
            assertThat(names).containsExactly("Ada", "Grace");
        }
    }

    @Test
    void streamsReleaseTheirConnectionWhenConsumedOrClosed() {
        try (Stream<Long> ids = client.query(Sql.of("SELECT id FROM orders"), Long.class)) {
            assertThat(client.poolStats().active()).isEqualTo(1);
            assertThat(ids.count()).isEqualTo(2);
        }
        assertThat(client.poolStats().active()).isZero();
        Stream<Long> partly = client.query(Sql.of("SELECT g FROM generate_series(1, 10000) g"), Long.class);
        assertThat(partly.limit(3)).hasSize(3);
        partly.close();
        assertThat(client.poolStats().active()).isZero();
    }
}
