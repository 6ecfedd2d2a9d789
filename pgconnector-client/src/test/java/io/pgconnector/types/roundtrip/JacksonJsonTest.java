package io.pgconnector.types.roundtrip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgconnector.errors.ConversionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Jsonb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** json and jsonb columns read into and written from Jackson's JsonNode, maps and user types. */
@WithPostgres
@Timeout(60)
class JacksonJsonTest {
    record Payload(String sku, int qty, List<String> tags) {
    }

    record Order(long id, Payload payload, JsonNode raw, Map<String, Object> extra) {
    }

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE orders (id bigint, payload jsonb, raw json, extra jsonb)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void jsonColumnsReadIntoUserTypesJsonNodesAndMaps() throws Exception {
        Payload payload = new Payload("A-1", 3, List.of("red", "big"));
        JsonNode raw = new ObjectMapper().readTree("{\"x\": [1, 2]}");
        client.execute(Sql.of("INSERT INTO orders VALUES (?, ?, ?, ?)", 1L, Jsonb.fromObject(payload), raw,
                Jsonb.fromObject(Map.of("gift", true))));
        Order order = client.queryRow(Sql.of("SELECT * FROM orders WHERE id = 1"), Order.class);
        assertThat(order.payload()).isEqualTo(payload);
        assertThat(order.raw().get("x").get(1).asInt()).isEqualTo(2);
        assertThat(order.extra()).containsEntry("gift", true);
        JsonNode scalar = client.queryRow(Sql.of("SELECT payload FROM orders WHERE id = 1"), JsonNode.class);
        assertThat(scalar.get("sku").asText()).isEqualTo("A-1");
        assertThat(client.queryRow(Sql.of("SELECT payload FROM orders WHERE id = 1"), Jsonb.class).read(Payload.class))
                .isEqualTo(payload);
    }

    @Test
    void jsonThatDoesNotFitTheTypeIsAConversionError() {
        client.execute(Sql.of("INSERT INTO orders VALUES (2, '{\"sku\": \"B\", \"qty\": \"many\"}', '{}', '{}')"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT * FROM orders WHERE id = 2"), Order.class))
                .isInstanceOf(ConversionException.class).hasMessageContaining("Payload");
    }
}
