package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A test class with its own database, the JVM's shared Kafka broker, and its own Kafka Connect worker in this JVM.
 * Connectors are configured with {@link ConnectorConfig} from the same listener settings an embedded listener uses.
 */
@WithPostgres
@Timeout(180)
abstract class KafkaCdcTestBase {
    static final Duration WAIT = Duration.ofSeconds(60);

    static PostgresDatabase database;
    static PostgresClient client;
    static ConnectWorker worker;

    @BeforeAll
    static void startWorker(PostgresDatabase db) {
        database = db;
        client = PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).build();
        worker = ConnectWorker.start();
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
        client.close();
    }

    /** The settings an embedded listener for this database would have. */
    static CdcListener.Builder listener(String slot) {
        return CdcListener.builder()
                .host(database.host()).port(database.port()).database(database.database())
                .username(database.username()).password(database.password())
                .slotName(slot).publicationName(slot)
                .offsetStorage(OffsetStorage.memory());
    }

    /**
     * Runs the Debezium connector for these settings on the worker, from the JSON a user would POST to Connect's
     * REST API, and waits until it streams.
     */
    static void runConnector(CdcListener.Builder settings, String... tables) throws Exception {
        var config = settings.build().config();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ConnectorConfig.json(config, tables));
        java.util.Map<String, String> props = new java.util.HashMap<>();
        json.get("config").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        worker.putConnector(json.get("name").asText(), props, WAIT);
        ConnectWorker.awaitStreaming(io.pgconnector.cdc.internal.DebeziumProperties.topicPrefix(config), WAIT);
    }

    static void exec(String... statements) {
        for (String s : statements) {
            client.execute(Sql.of(s));
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
