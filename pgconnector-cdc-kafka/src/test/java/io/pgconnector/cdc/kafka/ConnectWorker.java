package io.pgconnector.cdc.kafka;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.distributed.NotLeaderException;
import org.apache.kafka.connect.runtime.distributed.RebalanceNeededException;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.util.FutureCallback;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A real Kafka Connect worker in distributed mode in this JVM (its config, offset and status topics on the shared
 * broker), running connectors such as Debezium's PostgreSQL connector. One per test class.
 */
final class ConnectWorker implements AutoCloseable {
    private final Connect<DistributedHerder> connect;

    private ConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
    }

    static ConnectWorker start() {
        String id = "connect-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", KafkaBroker.bootstrapServers());
        p.put("group.id", id);
        p.put("config.storage.topic", id + "-configs");
        p.put("offset.storage.topic", id + "-offsets");
        p.put("status.storage.topic", id + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("status.storage.partitions", "1");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("listeners", "http://127.0.0.1:0");
        // A worker that vanishes keeps its tasks for this long (5 minutes by default).
        p.put("scheduled.rebalance.max.delay.ms", "0");
        p.put("offset.flush.interval.ms", "1000");
        p.put("producer.linger.ms", "5");
        p.put("topic.creation.enable", "true");
        // Every plugin used here has a ServiceLoader manifest: no reflective scan of the whole class path.
        p.put("plugin.discovery", "service_load");
        p.put("task.shutdown.graceful.timeout.ms", "3000");
        long t0 = System.nanoTime();
        Connect<DistributedHerder> c = new ConnectDistributed().startConnect(p);
        System.out.printf("Connect worker %s started in %d ms%n", id, (System.nanoTime() - t0) / 1_000_000);
        return new ConnectWorker(c);
    }

    Herder herder() {
        return connect.herder();
    }

    /** Creates or replaces a connector, retrying while the worker joins its group. */
    void putConnector(String name, Map<String, String> config, Duration timeout) throws Exception {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            FutureCallback<Herder.Created<ConnectorInfo>> cb = new FutureCallback<>();
            herder().putConnectorConfig(name, withName, true, cb);
            try {
                cb.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                boolean retry = e.getCause() instanceof RebalanceNeededException
                        || e.getCause() instanceof NotLeaderException;
                if (!retry || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    void deleteConnector(String name, Duration timeout) throws Exception {
        FutureCallback<Herder.Created<ConnectorInfo>> cb = new FutureCallback<>();
        herder().deleteConnectorConfig(name, cb);
        cb.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until Debezium's streaming metrics of a topic prefix report a connected replication stream. */
    static void awaitStreaming(String topicPrefix, Duration timeout) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,server="
                + topicPrefix + ",*");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ObjectName n : mbs.queryNames(pattern, null)) {
                try {
                    if (Boolean.TRUE.equals(mbs.getAttribute(n, "Connected"))) {
                        return;
                    }
                } catch (Exception ignored) {
                    // not registered yet
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The connector for " + topicPrefix + " did not stream within " + timeout);
    }

    @Override
    public void close() {
        long t0 = System.nanoTime();
        connect.stop();
        connect.awaitStop();
        System.out.printf("Connect worker stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
