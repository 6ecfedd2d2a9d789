package io.pgconnector.cdc.kafka.internal;

import io.pgconnector.cdc.CdcException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Fails a start fast when the brokers do not answer or a topic is missing (a consumer would just wait). */
final class StartCheck {
    private StartCheck() {
    }

    static Map<String, Object> adminProperties(Map<String, String> client, String bootstrap, Duration timeout) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.remove("max.poll.records");
        return p;
    }

    static void check(Map<String, String> client, String bootstrap, Collection<String> topics, String prefix,
            Duration timeout) {
        long ms = timeout.toMillis();
        try (Admin admin = Admin.create(adminProperties(client, bootstrap, timeout))) {
            try {
                admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                if (e instanceof ExecutionException
                        && !(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                    throw e;
                }
                throw new CdcException("Cannot reach the Kafka brokers " + bootstrap + " within " + timeout
                        + ": check the addresses and, for TLS or SASL, the client properties", null, e);
            }
            for (String topic : topics) {
                try {
                    admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new CdcException("Kafka topic " + topic + " does not exist. The connector creates "
                                + "<topic.prefix>.<schema>.<table> when it first captures the table: check that it "
                                + "runs with topic.prefix=" + prefix + " and captures the table (or create the "
                                + "topic)", null, e.getCause());
                    }
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new CdcException("Cannot use the Kafka brokers " + bootstrap + ": " + c, null, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("Interrupted while checking the Kafka brokers", null, e);
        } catch (CdcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CdcException("Bad Kafka client settings: " + e.getMessage(), null, e);
        }
    }
}
