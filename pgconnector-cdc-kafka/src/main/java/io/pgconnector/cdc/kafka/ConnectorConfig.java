package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.internal.DebeziumProperties;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One configuration, two deployments: the Kafka Connect configuration of the Debezium PostgreSQL connector for the
 * settings of a {@link CdcListener}, with the same value encodings (so that {@link KafkaCdcSource} delivers the same
 * rows and values as the embedded listener), the JSON converter with schemas, and topics
 * {@code <prefix>.<schema>.<table>} with {@code prefix = pgconnector_<slot>} (or the raw {@code topic.prefix}).
 *
 * <pre>{@code
 * String json = ConnectorConfig.json(listener.config(), "public.orders");
 * // POST it to http://connect:8083/connectors
 * }</pre>
 *
 * <p>Settings that only the embedded engine has (offset storage and flushing, processing threads) are left out:
 * Kafka Connect keeps offsets in its own topic. The password is written as configured: put a Connect config provider
 * reference in it ({@code .password("${file:/etc/kafka/pg.properties:password}")}) to keep it out of the REST call.
 */
public final class ConnectorConfig {
    private static final List<String> ENGINE_ONLY = List.of("offset.storage", "offset.flush.interval.ms",
            "offset.flush.timeout.ms", "record.processing.threads", "bootstrap.servers");

    private ConnectorConfig() {
    }

    /**
     * Returns the connector's configuration as a map (for the {@code config} object of the REST API).
     *
     * @param config the listener's settings
     * @param tables the captured tables ({@code schema.table}), as attached to the listener; none for every table
     *               the listener's include/exclude settings select
     * @return the properties, secrets included: never log them
     * @throws IllegalArgumentException if the settings hold a {@link io.pgconnector.cdc.ColumnMask#hash hash mask}:
     *         the embedded listener hashes while decoding, so through Kafka the values would reach the topics in clear
     */
    public static Map<String, String> properties(CdcConfig config, String... tables) {
        Objects.requireNonNull(config, "config");
        for (io.pgconnector.cdc.ColumnMask mask : config.columnMasks()) {
            if (mask.kind() == io.pgconnector.cdc.ColumnMask.Kind.HASH) {
                throw new IllegalArgumentException("Column mask " + mask + " cannot be used with Kafka Connect: hash "
                        + "masks are applied by the embedded listener while decoding, so the values would be "
                        + "written to the change topics in clear. Use ColumnMask.mask(...) for these columns");
            }
        }
        List<String> qualified = new java.util.ArrayList<>();
        for (String t : tables) {
            qualified.add(io.pgconnector.cdc.internal.DefaultCdcListener.qualify(t));
        }
        Properties p = DebeziumProperties.of(config, qualified, qualified.isEmpty());
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (ENGINE_ONLY.stream().noneMatch(e -> k.equals(e) || k.startsWith(e + "."))) {
                m.put(k, p.getProperty(k));
            }
        }
        m.put("topic.prefix", DebeziumProperties.topicPrefix(config));
        m.put("tasks.max", "1");
        m.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        m.put("key.converter.schemas.enable", "true");
        m.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        m.put("value.converter.schemas.enable", "true");
        // Connect creates the change and heartbeat topics itself, with the brokers' default partitions and
        // replication factor, so that the connector also runs where the brokers do not auto-create topics (without
        // this a missing topic blocks the task's producer). Raw properties below still win.
        m.put("topic.creation.default.partitions", "-1");
        m.put("topic.creation.default.replication.factor", "-1");
        config.debeziumProperties().forEach((k, v) -> {
            if (k.startsWith("topic.creation.")) {
                m.put(k, v);
            }
        });
        // Deletes are followed by a tombstone so that compacted change topics can drop deleted keys (the source
        // ignores tombstones); a raw property still wins.
        m.put("tombstones.on.delete", config.debeziumProperties().getOrDefault("tombstones.on.delete", "true"));
        return m;
    }

    /**
     * Returns the connector's name: {@code pgconnector-cdc-<slot>}, unless a raw {@code name} property overrides it.
     *
     * @param config the listener's settings
     * @return the name
     */
    public static String name(CdcConfig config) {
        return config.debeziumProperties().getOrDefault("name", "pgconnector-cdc-" + config.slotName());
    }

    /**
     * Returns the JSON to POST to Kafka Connect's {@code /connectors}: {@code {"name": ..., "config": {...}}}.
     *
     * @param config the listener's settings
     * @param tables the captured tables, as for {@link #properties(CdcConfig, String...)}
     * @return the JSON, secrets included: never log it
     */
    public static String json(CdcConfig config, String... tables) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("name", name(config));
        ObjectNode c = root.putObject("config");
        properties(config, tables).forEach(c::put);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
