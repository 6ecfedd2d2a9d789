package io.pgconnector.cdc.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Kafka broker in KRaft combined mode (one controller + broker node), started in this JVM on first use and
 * shared by every test class of the JVM (about 3-4 s to start); stopped when the JVM exits.
 */
final class KafkaBroker {
    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {
    }

    /** Returns the bootstrap servers of the shared broker, starting it if needed. */
    static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                long t0 = System.nanoTime();
                // Kafka's servers call Exit.exit/halt on fatal errors, also while the broker shuts down with the
                // JVM; in a test JVM that would end the fork with a non-zero code after every test passed. Report
                // instead (as Kafka's own tests do).
                Exit.setExitProcedure((code, message) -> System.err.println("Kafka asked to exit(" + code + "): "
                        + message));
                Exit.setHaltProcedure((code, message) -> System.err.println("Kafka asked to halt(" + code + "): "
                        + message));
                TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                        .setNumControllerNodes(1).build();
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
                System.out.printf("Kafka broker ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                // Closed when the test JVM exits, but for 10 s at most: surefire ends a fork that takes too long
                // to exit and fails the build, although every test passed.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    Thread closer = new Thread(() -> {
                        try {
                            kit.close();
                        } catch (Exception ignored) {
                            // the JVM is exiting
                        }
                    }, "test-kafka-broker-close");
                    closer.setDaemon(true);
                    closer.start();
                    try {
                        closer.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the test Kafka broker", e);
            }
        }
        return cluster.bootstrapServers();
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates a topic (replication factor 1) and waits for it. */
    static void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        }
    }
}
