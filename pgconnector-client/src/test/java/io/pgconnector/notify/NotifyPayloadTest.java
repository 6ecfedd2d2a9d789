package io.pgconnector.notify;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.mapping.Column;
import io.pgconnector.types.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static io.pgconnector.notify.NotifyTests.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class NotifyPayloadTest {
    static PostgresDatabase db;
    static PostgresClient client;

    record PriceRow(long id, String sku, BigDecimal amount, OffsetDateTime changedAt, Point shelf,
            @Column("note") String comment) {
    }

    @BeforeAll
    static void setUp(PostgresDatabase database) {
        db = database;
        client = TestClients.client(db);
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void triggerRowAsJsonMapsIntoARecordLikeAQueryRow() throws Exception {
        client.execute(Sql.of("CREATE TABLE prices (id bigserial PRIMARY KEY, sku text, amount numeric(10,2), "
                + "changed_at timestamptz, shelf point, note text)"));
        client.execute(Sql.of("CREATE FUNCTION prices_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "PERFORM pg_notify('prices', row_to_json(NEW)::text); RETURN NEW; END $$"));
        client.execute(Sql.of("CREATE TRIGGER prices_changed AFTER INSERT OR UPDATE ON prices FOR EACH ROW "
                + "EXECUTE FUNCTION prices_notify()"));
        BlockingQueue<PriceRow> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = NotifyTests.listener(TestClients.builder(db))) {
            listener.listen("prices", PriceRow.class, (row, n) -> got.add(row));
            OffsetDateTime at = OffsetDateTime.parse("2026-12-01T09:30:15.25Z");
            client.execute(Sql.of("INSERT INTO prices(sku, amount, changed_at, shelf, note) VALUES (?, ?, ?, ?, ?)",
                    "A-1", new BigDecimal("1042.50"), at, Point.of(1.5, -2), "first"));
            PriceRow row = next(got);
            PriceRow queried = client.queryRow(Sql.of("SELECT * FROM prices WHERE sku = 'A-1'"), PriceRow.class);
            assertThat(row).isEqualTo(queried);
            assertThat(row.changedAt().toInstant()).isEqualTo(at.toInstant());
            assertThat(row.amount()).isEqualByComparingTo("1042.50");
        }
    }

    @Test
    void payloadReadsAsScalarMapOrRecord() {
        UUID id = UUID.randomUUID();
        assertThat(new Notification("c", 1, id.toString()).payloadAs(UUID.class)).isEqualTo(id);
        assertThat(new Notification("c", 1, "42").payloadAs(Long.class)).isEqualTo(42L);
        assertThat(new Notification("c", 1, "(1,2)").payloadAs(Point.class)).isEqualTo(Point.of(1, 2));
        assertThat(new Notification("c", 1, "text").payloadAs(String.class)).isEqualTo("text");
        Map<?, ?> map = new Notification("c", 1, "{\"a\": 1, \"b\": [1, 2]}").payloadAs(Map.class);
        assertThat(map.get("a")).isEqualTo(java.math.BigDecimal.ONE);
        assertThat(map.get("b")).isEqualTo(io.pgconnector.types.Json.of("[1, 2]"));
        assertThat(map.keySet().toString()).isEqualTo("[a, b]");
        record Nested(int a, io.pgconnector.types.Json b) {
        }
        Nested nested = new Notification("c", 1, "{\"a\": 1, \"b\": {\"x\": true}}").payloadAs(Nested.class);
        assertThat(nested.b().text()).isEqualTo("{\"x\": true}");
        record Exact(BigDecimal big, String s) {
        }
        Exact exact = new Notification("c", 1, "{\"big\": 12345678901234567890.10, \"s\": \"a\\\"\\u00e9\"}")
                .payloadAs(Exact.class);
        assertThat(exact.big()).isEqualTo(new BigDecimal("12345678901234567890.10"));
        assertThat(exact.s()).isEqualTo("a\"é");
    }

    @Test
    void payloadThatDoesNotFitNamesTheChannelAndType() {
        assertThatThrownBy(() -> new Notification("orders", 1, "not json").payloadAs(PriceRow.class))
                .isInstanceOf(ConversionException.class).hasMessageContaining("channel 'orders'")
                .hasMessageContaining(PriceRow.class.getName());
        assertThatThrownBy(() -> new Notification("orders", 1, "[1, 2]").payloadAs(PriceRow.class))
                .isInstanceOf(ConversionException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> new Notification("orders", 1, "abc").payloadAs(Long.class))
                .isInstanceOf(ConversionException.class).hasMessageContaining("channel 'orders'");
    }

    @Test
    void unreadablePayloadIsAHandlerFailureAndDeliveryContinues() throws Exception {
        record Id(long id) {
        }
        BlockingQueue<Long> got = new LinkedBlockingQueue<>();
        try (NotificationListener listener = NotifyTests.listener(TestClients.builder(db))) {
            listener.listen("ids", Id.class, (id, n) -> got.add(id.id()));
            client.notify("ids", "garbage");
            client.notify("ids", "{\"id\": 7}");
            assertThat(next(got)).isEqualTo(7L);
        }
    }
}
