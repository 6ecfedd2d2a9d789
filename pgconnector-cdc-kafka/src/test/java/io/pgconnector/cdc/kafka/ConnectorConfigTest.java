package io.pgconnector.cdc.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.ColumnMask;
import io.pgconnector.cdc.OffsetStorage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Connect configuration made from listener settings keeps the listener's value encodings and drops what only the
 * embedded engine has. (That it runs on a real worker is shown by every other test of this module, which configure
 * their connector with it.)
 */
class ConnectorConfigTest {
    private static final CdcConfig CONFIG = CdcListener.builder().host("db.example.com").port(6432).database("shop")
            .username("cdc").password("${file:/etc/kafka/pg.properties:password}").slotName("shop_search")
            .publicationName("shop_pub").offsetStorage(OffsetStorage.file(Path.of("/tmp/x.offsets")))
            .debeziumProperty("topic.creation.default.partitions", "6").build().config();

    @Test
    void theConnectorConfigurationKeepsTheListenersEncodingsAndDropsEngineOnlySettings() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ConnectorConfig.json(CONFIG, "orders", "public.customers"));
        assertThat(json.get("name").asText()).isEqualTo("pgconnector-cdc-shop_search");
        Map<String, String> c = ConnectorConfig.properties(CONFIG, "orders", "public.customers");
        assertThat(json.get("config").size()).isEqualTo(c.size());
        assertThat(c).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("topic.prefix", "pgconnector_shop_search")
                .containsEntry("slot.name", "shop_search").containsEntry("publication.name", "shop_pub")
                .containsEntry("database.hostname", "db.example.com").containsEntry("database.port", "6432")
                .containsEntry("database.password", "${file:/etc/kafka/pg.properties:password}")
                .containsEntry("decimal.handling.mode", "precise")
                .containsEntry("time.precision.mode", "adaptive_time_microseconds")
                .containsEntry("column.propagate.source.type", ".*")
                .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("value.converter.schemas.enable", "true")
                .containsEntry("table.include.list", "\\Qpublic.orders\\E,\\Qpublic.customers\\E")
                .containsEntry("topic.creation.default.partitions", "6")
                .containsEntry("topic.creation.default.replication.factor", "-1");
        assertThat(c.keySet()).noneMatch(k -> k.startsWith("offset.") || k.equals("record.processing.threads")
                || k.equals("bootstrap.servers"));
    }

    @Test
    void aHashMaskIsRefusedBecauseKafkaWouldHoldTheValuesInClear() {
        CdcConfig hashed = CdcListener.builder().database("shop").slotName("shop_hash")
                .columnMasks(ColumnMask.hash("SHA-256", "pepper", "public\\.people\\.email")).build().config();
        assertThatThrownBy(() -> ConnectorConfig.properties(hashed, "people"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public\\.people\\.email").hasMessageContaining("in clear")
                .hasMessageNotContaining("pepper");
    }

    @Test
    void theKafkaSourceReadsTheTopicsTheConnectorWrites() {
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers("k:9092").groupId("g").from(CONFIG).build();
        assertThat(source.toString()).contains("topicPrefix=pgconnector_shop_search");
    }
}
