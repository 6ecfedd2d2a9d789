package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.cdc.internal.CodecChecks;
import io.pgconnector.cdc.internal.DebeziumProperties;
import io.pgconnector.cdc.kafka.internal.DefaultKafkaCdcSource;
import io.pgconnector.codec.Codec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calls the same typed {@link CdcService}s as {@link io.pgconnector.cdc.CdcListener}, with the same rows, value types
 * and {@link io.pgconnector.cdc.ChangeSource} (plus its {@link io.pgconnector.cdc.KafkaPosition}), from the Kafka
 * topics that the Debezium PostgreSQL connector writes in Kafka Connect (JSON converter with schemas, topics
 * {@code <prefix>.<schema>.<table>}).
 *
 * <pre>{@code
 * KafkaCdcSource source = KafkaCdcSource.builder()
 *         .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *         .groupId("search-indexer")
 *         .from(listener.config())              // the topic prefix, retry policy and skipped operations
 *         .build();
 * source.attach(Order.class, orderService, "public.orders");
 * source.start();
 * }</pre>
 *
 * <p><b>Delivery</b>: at least once. Instances with the same group id share the topics' partitions; within a
 * partition (so per row key) changes arrive in order, one callback at a time per instance. A record's offset is
 * committed only after its callback returned normally (and on a rebalance, for what was handled). A callback that
 * throws is retried per the {@link RetryPolicy}; when the attempts are exhausted the source stops without committing
 * that record (it is delivered again after the next start), or, with {@link Builder#deadLetterTopic(String)}, sends
 * it to the dead-letter topic with the error in its headers and goes on. Tombstones are ignored.
 */
public interface KafkaCdcSource extends AutoCloseable {

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Routes the changes of tables to a service, as {@link io.pgconnector.cdc.CdcListener#attach} does: tables are
     * {@code schema.table} (or {@code table} for {@code public.table}), each read from topic
     * {@code <prefix>.<schema>.<table>}; with no table the service takes every table topic of the prefix that no
     * other service is attached to.
     *
     * @param rowType the row type: a record, a class with a no-argument constructor, or {@code Map}
     * @param service the service
     * @param tables  the tables, or none for all others
     * @param <T>     the row type
     * @return this source
     * @throws IllegalStateException    if the source is running, or a table (or the catch-all) already has a service
     * @throws IllegalArgumentException if a table name is malformed
     */
    <T> KafkaCdcSource attach(Class<T> rowType, CdcService<T> service, String... tables);

    /**
     * Starts consuming: checks that the brokers answer and that the topics of the attached tables (and the
     * dead-letter topic) exist, then joins the consumer group and returns.
     *
     * @throws CdcException          if the brokers cannot be reached or a topic does not exist, within
     *                               {@link Builder#startTimeout(Duration)}; the message says what to fix
     * @throws IllegalStateException if already running or nothing is attached
     */
    void start();

    /**
     * Stops consuming: finishes the current callback, commits the offsets of handled records and leaves the group.
     * Called from inside a callback it only requests the stop and returns.
     */
    void stop();

    /**
     * Tells whether the source is running and has not failed.
     *
     * @return true while consuming
     */
    boolean isLive();

    /**
     * Returns the error that stopped the source, if any (cleared by the next {@link #start()}).
     *
     * @return the failure
     */
    Optional<CdcException> failure();

    /**
     * Waits until the source has stopped (by {@link #stop()} or by a failure).
     *
     * @param timeout the longest wait
     * @return true if stopped, false if the wait timed out
     * @throws InterruptedException if interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Same as {@link #stop()}. */
    @Override
    void close();

    /** Builds a {@link KafkaCdcSource}; {@link #build()} checks the settings. */
    final class Builder {
        private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");

        private String bootstrapServers;
        private String groupId;
        private String topicPrefix;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private EventErrorMode errorMode = EventErrorMode.STOP;
        private final Set<Operation> skippedOperations = EnumSet.noneOf(Operation.class);
        private String deadLetterTopic;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private int maxPollRecords = 500;
        private final Map<String, String> clientProperties = new LinkedHashMap<>();
        private final List<Codec<?>> codecs = new ArrayList<>();

        Builder() {
        }

        /**
         * Sets the brokers.
         *
         * @param bootstrapServers {@code host:port[,host:port...]}
         * @return this builder
         */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /**
         * Sets the consumer group: instances with the same group share the partitions.
         *
         * @param groupId the group id
         * @return this builder
         */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /**
         * Sets the connector's {@code topic.prefix}: table {@code s.t} is read from topic {@code <prefix>.s.t}.
         *
         * @param topicPrefix the prefix
         * @return this builder
         */
        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
            return this;
        }

        /**
         * Takes the settings shared with an embedded listener: the topic prefix of the connector configuration
         * {@link ConnectorConfig} produces from it, its retry policy, event error mode and skipped operations, and
         * its codecs (registered now, after those registered before; see {@link #codec(Codec)}).
         *
         * @param config the listener's settings
         * @return this builder
         */
        public Builder from(CdcConfig config) {
            Objects.requireNonNull(config, "config");
            this.topicPrefix = DebeziumProperties.topicPrefix(config);
            this.retryPolicy = config.retryPolicy();
            this.errorMode = config.eventErrorMode();
            this.skippedOperations.clear();
            this.skippedOperations.addAll(config.skippedOperations());
            this.codecs.addAll(config.codecs());
            return this;
        }

        /**
         * Registers a codec for a PostgreSQL type the client does not know (an extension's type such as
         * {@code hstore}, or your own), as {@link io.pgconnector.cdc.CdcListener.Builder#codec(Codec)} does: change
         * event fields of that type arrive in its Java type, as they do from the embedded listener and from a query.
         * The last registration of a type or a Java class wins; codecs found by {@link java.util.ServiceLoader} come
         * first. The source does not connect to the database, so a codec whose type does not exist is not an
         * error here: it is never used.
         *
         * @param codec the codec
         * @return this builder
         * @throws io.pgconnector.errors.ConfigurationException if the codec has no type name or Java class
         */
        public Builder codec(Codec<?> codec) {
            codecs.add(CodecChecks.check(codec));
            return this;
        }

        /**
         * Registers several codecs at once, after those registered before.
         *
         * @param codecs the codecs
         * @return this builder
         * @throws io.pgconnector.errors.ConfigurationException if a codec is not valid or two of them are for the
         *                                                       same Java class; then none is registered
         */
        public Builder codecs(Collection<? extends Codec<?>> codecs) {
            this.codecs.addAll(CodecChecks.checkSet(codecs));
            return this;
        }

        /**
         * Sets what happens when a callback throws (default {@link RetryPolicy#defaults()}).
         *
         * @param retryPolicy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Sets what a change that cannot be delivered does when there is no dead-letter topic (default
         * {@link EventErrorMode#STOP}: the source stops without committing it; with
         * {@link EventErrorMode#REPORT_AND_CONTINUE} it goes to {@code onError}, with its JSON, and is committed).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder eventErrorMode(EventErrorMode mode) {
            this.errorMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Never delivers these operations (their records are committed as handled).
         *
         * @param operations the operations
         * @return this builder
         */
        public Builder skippedOperations(Operation... operations) {
            skippedOperations.clear();
            skippedOperations.addAll(Set.of(operations));
            return this;
        }

        /**
         * Sends a record whose callback kept failing (or that could not be decoded or mapped) to this topic,
         * unchanged, with headers {@code pgconnector.error}, {@code pgconnector.error.class},
         * {@code pgconnector.topic}, {@code pgconnector.partition} and {@code pgconnector.offset}, and goes on. The
         * topic must exist. Off by default: the source stops instead.
         *
         * @param topic the dead-letter topic
         * @return this builder
         */
        public Builder deadLetterTopic(String topic) {
            this.deadLetterTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * Sets a Kafka client property of the consumer (and the dead-letter producer and the start check's admin
         * client): {@code security.protocol}, {@code ssl.*}, {@code sasl.*}, {@code max.poll.interval.ms}, ...
         * Values are never logged.
         *
         * @param name  the property
         * @param value the value
         * @return this builder
         */
        public Builder clientProperty(String name, String value) {
            clientProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets how many records one poll returns at most (default 500).
         *
         * @param maxPollRecords at least 1
         * @return this builder
         */
        public Builder maxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        /**
         * Sets the longest {@link KafkaCdcSource#start()} wait for the brokers (default 30 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the longest {@link KafkaCdcSource#stop()} wait (default 30 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Checks the settings and builds a stopped source.
         *
         * @return the source
         * @throws IllegalArgumentException if a setting is missing or out of range
         */
        public KafkaCdcSource build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required (host:port[,host:port])");
            }
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("groupId is required: instances of one group share the work");
            }
            if (topicPrefix == null || !PREFIX.matcher(topicPrefix).matches()) {
                throw new IllegalArgumentException("topicPrefix is required (the connector's topic.prefix, or "
                        + "from(listener.config())); letters, digits, '.', '_', '-'; was " + topicPrefix);
            }
            if (maxPollRecords < 1) {
                throw new IllegalArgumentException("maxPollRecords must be at least 1, was " + maxPollRecords);
            }
            if (startTimeout.isNegative() || startTimeout.isZero() || stopTimeout.isNegative()
                    || stopTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout and stopTimeout must be positive");
            }
            for (String k : clientProperties.keySet()) {
                if (k.equals("group.id") || k.equals("enable.auto.commit") || k.endsWith(".deserializer")) {
                    throw new IllegalArgumentException("Client property '" + k + "' is set by the source itself");
                }
            }
            return new DefaultKafkaCdcSource(new DefaultKafkaCdcSource.Settings(bootstrapServers.replace(" ", ""),
                    groupId, topicPrefix, retryPolicy, errorMode, Set.copyOf(skippedOperations), deadLetterTopic, startTimeout,
                    stopTimeout, maxPollRecords, Map.copyOf(clientProperties), List.copyOf(codecs)));
        }
    }
}
