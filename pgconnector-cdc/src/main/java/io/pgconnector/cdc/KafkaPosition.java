package io.pgconnector.cdc;

import java.util.Objects;

/**
 * Where a change was read from when it came through Kafka (the {@code pgconnector-cdc-kafka} source): its topic,
 * partition and offset. Null in {@link ChangeSource#kafka()} for changes from the embedded engine.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset in the partition
 */
public record KafkaPosition(String topic, int partition, long offset) {

    /**
     * Validates.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param offset    the offset
     */
    public KafkaPosition {
        Objects.requireNonNull(topic, "topic");
    }
}
