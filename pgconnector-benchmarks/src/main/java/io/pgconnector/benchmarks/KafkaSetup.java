package io.pgconnector.benchmarks;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.internal.DebeziumProperties;
import io.pgconnector.cdc.kafka.ConnectorConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.util.FutureCallback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka side of {@code cdc_kafka}: a KRaft broker in this JVM (one combined node, as the tests of
 * pgconnector-cdc-kafka use) and, to fill a change topic with real Debezium records, a Kafka Connect worker running
 * the PostgreSQL connector configured by {@link ConnectorConfig}.
 */
final class KafkaSetup implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private KafkaSetup(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static KafkaSetup start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaSetup(kit);
    }

    String servers() {
        return cluster.bootstrapServers();
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs the connector for {@code config} on a Connect worker in this JVM until {@code topic} holds at least
     * {@code events} records, then stops the worker (so that it takes no CPU from the measurements).
     */
    void fillWithConnect(CdcConfig config, String table, String topic, long events) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", servers());
        p.put("group.id", "bench-connect");
        p.put("config.storage.topic", "bench-connect-configs");
        p.put("offset.storage.topic", "bench-connect-offsets");
        p.put("status.storage.topic", "bench-connect-status");
        for (String k : List.of("config", "offset", "status")) {
            p.put(k + ".storage.replication.factor", "1");
        }
        p.put("offset.storage.partitions", "1");
        p.put("status.storage.partitions", "1");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("listeners", "http://127.0.0.1:0");
        p.put("scheduled.rebalance.max.delay.ms", "0");
        p.put("plugin.discovery", "service_load");
        p.put("producer.linger.ms", "10");
        Connect<DistributedHerder> connect = new ConnectDistributed().startConnect(p);
        try (KafkaConsumer<byte[], byte[]> probe = consumer("bench-probe")) {
            Map<String, String> c = new HashMap<>(ConnectorConfig.properties(config, table));
            String name = ConnectorConfig.name(config);
            c.put("name", name);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                FutureCallback<Herder.Created<ConnectorInfo>> cb = new FutureCallback<>();
                connect.herder().putConnectorConfig(name, c, true, cb);
                try {
                    cb.get(60, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200); // the worker is still joining its group
                }
            }
            while (endOffsets(probe, topic) < events) {
                if (System.nanoTime() > deadline + TimeUnit.SECONDS.toNanos(300)) {
                    throw new IllegalStateException("The connector did not write " + events + " records to " + topic
                            + " (prefix " + DebeziumProperties.topicPrefix(config) + ")");
                }
                Thread.sleep(200);
            }
        } finally {
            connect.stop();
            connect.awaitStop();
        }
    }

    private static long endOffsets(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reads every record of a topic (to copy them into fresh topics for each run). */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, long count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer("bench-copy-" + System.nanoTime())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (out.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    KafkaConsumer<byte[], byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
