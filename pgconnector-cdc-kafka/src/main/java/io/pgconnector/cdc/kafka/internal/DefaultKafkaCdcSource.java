package io.pgconnector.cdc.kafka.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.cdc.internal.DefaultCdcListener;
import io.pgconnector.cdc.internal.Route;
import io.pgconnector.cdc.kafka.KafkaCdcSource;
import io.pgconnector.codec.Codec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@link KafkaCdcSource}: routes and lifecycle; the consuming is {@link ConsumerLoop}'s. */
public final class DefaultKafkaCdcSource implements KafkaCdcSource {

    /**
     * The checked settings.
     *
     * @param bootstrapServers  the brokers
     * @param groupId           the consumer group
     * @param topicPrefix       the connector's topic prefix
     * @param retryPolicy       the retry policy
     * @param errorMode         what a change that cannot be delivered does (without a dead-letter topic)
     * @param skippedOperations operations not delivered
     * @param deadLetterTopic   the dead-letter topic or null
     * @param startTimeout      the start timeout
     * @param stopTimeout       the stop timeout
     * @param maxPollRecords    records per poll
     * @param clientProperties  extra Kafka client properties
     * @param codecs            the user's codecs, in registration order
     */
    public record Settings(String bootstrapServers, String groupId, String topicPrefix, RetryPolicy retryPolicy,
            EventErrorMode errorMode, Set<Operation> skippedOperations, String deadLetterTopic, Duration startTimeout, Duration stopTimeout,
            int maxPollRecords, Map<String, String> clientProperties, List<Codec<?>> codecs) {
    }

    private final Settings settings;
    private final Map<String, Route<?>> routes = new LinkedHashMap<>();
    private Route<?> catchAll;
    private volatile ConsumerLoop loop;

    /**
     * Creates a stopped source.
     *
     * @param settings the settings
     */
    public DefaultKafkaCdcSource(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public synchronized <T> KafkaCdcSource attach(Class<T> rowType, CdcService<T> service, String... tables) {
        Objects.requireNonNull(rowType, "rowType");
        Objects.requireNonNull(service, "service");
        requireStopped("attach");
        Route<T> route = new Route<>(rowType, service);
        if (tables.length == 0) {
            if (catchAll != null) {
                throw new IllegalStateException("A service for all tables is already attached; one only");
            }
            catchAll = route;
            return this;
        }
        Map<String, Route<?>> added = new LinkedHashMap<>();
        for (String t : tables) {
            String q = DefaultCdcListener.qualify(t);
            if (routes.containsKey(q) || added.containsKey(q)) {
                throw new IllegalStateException("Table " + q + " already has a service; one service per table");
            }
            added.put(q, route);
        }
        routes.putAll(added);
        return this;
    }

    private void requireStopped(String what) {
        ConsumerLoop l = loop;
        if (l != null && !l.isDone()) {
            throw new IllegalStateException("Cannot " + what + " while the source is running; stop it first");
        }
    }

    @Override
    public void start() {
        ConsumerLoop l;
        synchronized (this) {
            requireStopped("start");
            if (routes.isEmpty() && catchAll == null) {
                throw new IllegalStateException("Attach a service before starting the source");
            }
            List<String> topics = new ArrayList<>();
            for (String table : routes.keySet()) {
                topics.add(settings.topicPrefix() + "." + table);
            }
            List<String> mustExist = new ArrayList<>(catchAll == null ? topics : List.of());
            if (settings.deadLetterTopic() != null) {
                mustExist.add(settings.deadLetterTopic());
            }
            StartCheck.check(settings.clientProperties(), settings.bootstrapServers(), mustExist,
                    settings.topicPrefix(), settings.startTimeout());
            l = new ConsumerLoop(settings, new LinkedHashMap<>(routes), catchAll, catchAll == null ? topics : null);
            loop = l;
        }
        l.start();
    }

    @Override
    public void stop() {
        ConsumerLoop l = loop;
        if (l != null) {
            l.stop();
        }
    }

    @Override
    public boolean isLive() {
        ConsumerLoop l = loop;
        return l != null && l.isLive();
    }

    @Override
    public Optional<CdcException> failure() {
        ConsumerLoop l = loop;
        return l == null ? Optional.empty() : Optional.ofNullable(l.failure());
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        ConsumerLoop l = loop;
        return l == null || l.awaitTermination(timeout);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KafkaCdcSource[servers=" + settings.bootstrapServers() + ", group=" + settings.groupId()
                + ", topicPrefix=" + settings.topicPrefix() + ", live=" + isLive() + "]";
    }
}
