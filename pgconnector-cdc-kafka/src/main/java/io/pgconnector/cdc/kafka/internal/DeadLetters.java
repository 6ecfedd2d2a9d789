package io.pgconnector.cdc.kafka.internal;

import io.pgconnector.cdc.CdcException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes records that could not be delivered to the dead-letter topic, with the error, and waits for the ack. */
final class DeadLetters implements AutoCloseable {
    private static final long SEND_TIMEOUT_MS = 30_000;

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    DeadLetters(String topic, Map<String, String> clientProperties, String bootstrapServers) {
        this.topic = topic;
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.keySet().removeIf(k -> k.startsWith("max.poll") || k.startsWith("auto.offset") || k.startsWith("fetch.")
                || k.equals("session.timeout.ms") || k.equals("heartbeat.interval.ms"));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void send(ConsumerRecord<byte[], byte[]> r, CdcException error) throws InterruptedException {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, r.key(), r.value());
        out.headers().add("pgconnector.error", utf8(String.valueOf(error.getMessage())));
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        out.headers().add("pgconnector.error.class", utf8(cause.getClass().getName()));
        out.headers().add("pgconnector.topic", utf8(r.topic()));
        out.headers().add("pgconnector.partition", utf8(Integer.toString(r.partition())));
        out.headers().add("pgconnector.offset", utf8(Long.toString(r.offset())));
        try {
            producer.send(out).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new CdcException("Cannot write record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + " to the dead-letter topic " + topic + " (" + c + "); stopping without committing it. The "
                    + "original error: " + error.getMessage(), null, c);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
