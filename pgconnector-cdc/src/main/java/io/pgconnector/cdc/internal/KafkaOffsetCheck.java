package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.OffsetStorage;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks before the engine starts that the brokers of an {@link OffsetStorage#kafka} are reachable: the engine
 * itself would retry for minutes and report only a timeout.
 */
final class KafkaOffsetCheck {
    private static final long TIMEOUT_MS = 10_000;

    private KafkaOffsetCheck() {
    }

    static void check(OffsetStorage os) {
        Map<String, Object> props = new HashMap<>(os.clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, os.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pgconnector-cdc-offset-check");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            if (!(c instanceof TimeoutException || c instanceof org.apache.kafka.common.errors.TimeoutException)) {
                throw new CdcException("Cannot use the Kafka brokers " + os.bootstrapServers() + " of the offset "
                        + "topic " + os.topic() + ": " + c, null, c);
            }
            throw new CdcException("Cannot reach the Kafka brokers " + os.bootstrapServers() + " of the offset topic "
                    + os.topic() + " within " + TIMEOUT_MS / 1000 + " s: check the addresses and, for TLS or SASL, "
                    + "the client properties of OffsetStorage.kafka", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("Interrupted while checking the Kafka offset brokers", null, e);
        } catch (RuntimeException e) {
            throw new CdcException("Bad Kafka settings for the offset topic " + os.topic() + ": " + e.getMessage(),
                    null, e);
        }
    }
}
