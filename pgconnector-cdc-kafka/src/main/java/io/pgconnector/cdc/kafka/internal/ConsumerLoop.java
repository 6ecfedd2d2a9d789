package io.pgconnector.cdc.kafka.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.KafkaPosition;
import io.pgconnector.cdc.internal.ChangeDelivery;
import io.pgconnector.cdc.internal.Route;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One start-to-stop run of a Kafka source: a consumer on one thread that turns each record back into Connect data
 * and hands it to the shared {@link ChangeDelivery}. Offsets are committed only up to records whose delivery
 * returned (asynchronously after each poll, synchronously on a rebalance and at the end).
 */
final class ConsumerLoop implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final DefaultKafkaCdcSource.Settings settings;
    private final List<String> topics;
    private final Set<Route<?>> allRoutes = new HashSet<>();
    private final ChangeDelivery delivery;
    private final JsonConverter converter = new JsonConverter();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    /** The next offset to commit per partition: one past the last handled record. */
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    private boolean dirty;
    private ConsumerRecord<byte[], byte[]> current;

    private volatile boolean stopRequested;
    private volatile boolean halted;
    private volatile CdcException failure;

    ConsumerLoop(DefaultKafkaCdcSource.Settings settings, Map<String, Route<?>> routes, Route<?> catchAll,
            List<String> topics) {
        this.settings = settings;
        this.topics = topics;
        allRoutes.addAll(routes.values());
        if (catchAll != null) {
            allRoutes.add(catchAll);
        }
        this.delivery = new ChangeDelivery(routes, catchAll, settings.retryPolicy(), settings.skippedOperations(),
                () -> stopRequested, () -> false, continueOnError(), this::failed, ChangeDelivery.Observer.NONE,
                settings.codecs());
        converter.configure(Map.of("schemas.enable", "true"), false);
        Map<String, Object> p = new HashMap<>(settings.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pgconnector-cdc-kafka-" + settings.groupId());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = settings.deadLetterTopic() == null ? null
                : new DeadLetters(settings.deadLetterTopic(), settings.clientProperties(), settings.bootstrapServers());
        this.thread = new Thread(this::run, "pgconnector-cdc-kafka-" + settings.groupId());
        thread.setDaemon(true);
    }

    void start() {
        if (topics != null) {
            consumer.subscribe(topics, this);
        } else {
            consumer.subscribe(Pattern.compile(Pattern.quote(settings.topicPrefix()) + "\\.[^.]+\\.[^.]+"), this);
        }
        thread.start();
    }

    private void run() {
        try {
            while (!stopRequested && !halted) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (stopRequested || halted || !handle(r)) {
                        break;
                    }
                    handled.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    dirty = true;
                }
                if (dirty) {
                    consumer.commitAsync(Map.copyOf(handled), (offsets, e) -> {
                        if (e != null) {
                            LOG.debug("An asynchronous offset commit failed (a later one covers it): {}", e.toString());
                        }
                    });
                    dirty = false;
                }
            }
        } catch (WakeupException e) {
            // stop() woke the poll up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(new CdcException("The Kafka source stopped: " + e + ". Start it again once the cause is fixed; "
                    + "delivery resumes after the last handled record.", null, e));
        } finally {
            try {
                commitSync(handled);
            } finally {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.warn("Closing the Kafka consumer failed: {}", e.toString());
                }
                if (deadLetters != null) {
                    deadLetters.close();
                }
                done.countDown();
            }
        }
    }

    private boolean handle(ConsumerRecord<byte[], byte[]> r) throws InterruptedException {
        if (r.value() == null) {
            return true; // a tombstone
        }
        current = r;
        Object value;
        try {
            value = converter.toConnectData(r.topic(), r.value()).value();
        } catch (RuntimeException e) {
            CdcException error = new CdcException("Cannot read the record at " + r.topic() + "-" + r.partition()
                    + "@" + r.offset() + " as a change event (JSON with schemas expected): " + e.getMessage(), null,
                    e);
            return failed(null, error);
        }
        return delivery.deliver(value, new KafkaPosition(r.topic(), r.partition(), r.offset()));
    }

    private boolean continueOnError() {
        return settings.errorMode() == EventErrorMode.REPORT_AND_CONTINUE || settings.retryPolicy().skipWhenExhausted()
                || settings.deadLetterTopic() != null;
    }

    /** The shared delivery's verdict on a change that could not be delivered: dead-letter, skip, or stop. */
    private boolean failed(Route<?> route, CdcException error) throws InterruptedException {
        if (deadLetters == null && continueOnError()) {
            LOG.error("Skipping record {}-{}@{} as configured: {}", current.topic(), current.partition(),
                    current.offset(), error.getMessage());
            notify(route, error);
            return true;
        }
        if (deadLetters != null) {
            try {
                deadLetters.send(current, error);
            } catch (CdcException e) {
                fail(e);
                notify(route, e);
                return false;
            }
            LOG.warn("Sent record {}-{}@{} to dead-letter topic {}: {}", current.topic(), current.partition(),
                    current.offset(), settings.deadLetterTopic(), error.getMessage());
            notify(route, error);
            return true;
        }
        LOG.error("Stopping the Kafka CDC source: {}", error.getMessage());
        fail(error);
        notify(route, error);
        return false;
    }

    private void notify(Route<?> route, CdcException error) {
        if (route != null) {
            ChangeDelivery.notifyError(route, error);
        } else {
            for (Route<?> r : allRoutes) {
                ChangeDelivery.notifyError(r, error);
            }
        }
    }

    private void fail(CdcException e) {
        if (failure == null) {
            failure = e;
        }
        halted = true;
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(Map.copyOf(offsets), Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // Not fatal for correctness: these records are delivered again (at least once).
            LOG.warn("Committing the offsets of handled records failed; they will be delivered again: {}",
                    e.toString());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = handled.remove(tp);
            if (o != null) {
                mine.put(tp, o);
            }
        }
        commitSync(mine);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        LOG.debug("Assigned {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // Another member owns them already: committing would fail; they are delivered again from its position.
        partitions.forEach(handled::remove);
    }

    void stop() {
        stopRequested = true;
        if (Thread.currentThread() == thread) {
            return; // the loop ends once the callback returned
        }
        consumer.wakeup();
        try {
            if (!done.await(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CdcException("The Kafka source did not stop within " + settings.stopTimeout(), null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("Interrupted while stopping the Kafka source", null, e);
        }
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    boolean isLive() {
        return !isDone() && !stopRequested && !halted;
    }

    CdcException failure() {
        return failure;
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
