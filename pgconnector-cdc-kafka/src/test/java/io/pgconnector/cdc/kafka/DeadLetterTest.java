package io.pgconnector.cdc.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change whose callback keeps failing: with a dead-letter topic it lands there with its error and delivery goes on;
 * without one the source stops without committing it, and it is delivered again after a restart.
 */
class DeadLetterTest extends KafkaCdcTestBase {
    private static final String TOPIC = "pgconnector_dlt.public.poison";
    private static final RetryPolicy TWO_QUICK_ATTEMPTS = RetryPolicy.of(2, Duration.ofMillis(10),
            Duration.ofMillis(10));

    record Item(int id, String label) {
    }

    /** Fails every callback for a row labelled 'poison' (while {@code poisoned}). */
    static final class Picky extends Recorder<Item> {
        volatile boolean poisoned = true;

        @Override
        void check(Event<Item> e) {
            if (poisoned && e.after() != null && e.after().label().equals("poison")) {
                throw new IllegalStateException("cannot index item " + e.after().id());
            }
        }
    }

    @BeforeAll
    static void connector() throws Exception {
        exec("CREATE TABLE poison (id int PRIMARY KEY, label text NOT NULL)");
        KafkaBroker.createTopic(TOPIC, 1);
        KafkaBroker.createTopic("poison-dlt", 1);
        runConnector(listener("dlt"), "public.poison");
        exec("INSERT INTO poison VALUES (1, 'ok')", "INSERT INTO poison VALUES (2, 'poison')",
                "INSERT INTO poison VALUES (3, 'ok')");
    }

    @Test
    void aPoisonEventLandsOnTheDeadLetterTopicWithItsErrorAndDeliveryGoesOn() throws Exception {
        Picky service = new Picky();
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(KafkaBroker.bootstrapServers())
                .groupId("dlt-on").topicPrefix("pgconnector_dlt").retryPolicy(TWO_QUICK_ATTEMPTS)
                .deadLetterTopic("poison-dlt").build();
        source.attach(Item.class, service, "poison").start();
        try {
            List<Recorder.Event<Item>> events = service.awaitEvents(2, e -> true, WAIT);
            assertThat(events).extracting(e -> e.after().id()).containsExactly(1, 3);
            assertThat(source.isLive()).isTrue();
            assertThat(service.errors()).hasSize(1);

            ConsumerRecord<byte[], byte[]> dead = readOne("poison-dlt");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("\"label\":\"poison\"");
            assertThat(header(dead, "pgconnector.error")).contains("failed 2 time(s)")
                    .contains("cannot index item 2");
            assertThat(header(dead, "pgconnector.error.class")).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(dead, "pgconnector.topic")).isEqualTo(TOPIC);
            assertThat(header(dead, "pgconnector.offset")).isEqualTo("1");
        } finally {
            source.stop();
        }
    }

    @Test
    void withoutADeadLetterTopicTheSourceStopsAndThePoisonEventIsRedeliveredAfterRestart() throws Exception {
        Picky service = new Picky();
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(KafkaBroker.bootstrapServers())
                .groupId("dlt-off").topicPrefix("pgconnector_dlt").retryPolicy(TWO_QUICK_ATTEMPTS).build();
        source.attach(Item.class, service, "poison").start();
        assertThat(source.awaitTermination(WAIT)).isTrue();
        CdcException failure = source.failure().orElseThrow();
        assertThat(failure.getMessage()).contains("public.poison").contains("cannot index item 2");
        assertThat(failure.source().kafka().offset()).isEqualTo(1);
        assertThat(failure.source().operation()).isEqualTo(Operation.CREATE);
        assertThat(service.events()).extracting(e -> e.after().id()).containsExactly(1);
        assertThat(service.errors()).containsExactly(failure);

        service.poisoned = false;
        source.start();
        try {
            List<Recorder.Event<Item>> events = service.awaitEvents(3, e -> true, WAIT);
            // The first item was committed before the stop; the poison one was not.
            assertThat(events).extracting(e -> e.after().id()).containsExactly(1, 2, 3);
            assertThat(events.get(1).src().kafka().offset()).isEqualTo(1);
        } finally {
            source.stop();
        }
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).hasSize(1);
            return got.get(0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
