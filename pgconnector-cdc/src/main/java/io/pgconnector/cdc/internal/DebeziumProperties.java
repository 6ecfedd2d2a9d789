package io.pgconnector.cdc.internal;

import io.pgconnector.client.internal.tls.TlsProperties;
import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.cdc.Operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Debezium engine and PostgreSQL connector properties for a {@link CdcConfig}. The value-encoding settings are
 * fixed so that every field can be rebuilt exactly as the client's query results: see {@code docs/cdc.md}.
 */
public final class DebeziumProperties {
    /** Our keys for the JDBC offset store (read back by {@link PostgresOffsetBackingStore}). */
    static final String OFFSET_URL = "offset.storage.pgconnector.url";
    static final String OFFSET_USER = "offset.storage.pgconnector.user";
    static final String OFFSET_PASSWORD = "offset.storage.pgconnector.password";
    static final String OFFSET_TABLE = "offset.storage.pgconnector.table";

    private DebeziumProperties() {
    }

    /**
     * Returns the connector's {@code topic.prefix} for a configuration: {@code pgconnector_<slot>}, unless a raw
     * {@code topic.prefix} property overrides it.
     *
     * @param c the configuration
     * @return the topic prefix
     */
    public static String topicPrefix(CdcConfig c) {
        String raw = c.debeziumProperties().get("topic.prefix");
        if (raw != null) {
            return raw;
        }
        return "pgconnector_" + c.slotName();
    }

    /**
     * Returns the properties the listener runs the engine with (also used by the benchmarks, so that a bare engine
     * is compared on exactly the same connector settings).
     *
     * @param c              the configuration
     * @param attachedTables the tables that have a service
     * @param catchAll       whether a service takes every table
     * @return the properties, secrets included: never log them
     */
    public static Properties of(CdcConfig c, Collection<String> attachedTables, boolean catchAll) {
        return of(c, attachedTables, catchAll, List.of(), false);
    }

    /**
     * Returns the properties the listener runs the engine with, asking the connector for the logical decoding
     * messages of the given prefixes only.
     *
     * @param c               the configuration
     * @param attachedTables  the tables that have a service
     * @param catchAll        whether a service takes every table
     * @param messagePrefixes the message prefixes that have a service
     * @param messageCatchAll whether a message service takes every prefix
     * @return the properties, secrets included: never log them
     */
    public static Properties of(CdcConfig c, Collection<String> attachedTables, boolean catchAll,
            Collection<String> messagePrefixes, boolean messageCatchAll) {
        Properties p = new Properties();
        p.setProperty("name", "pgconnector-cdc-" + c.slotName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", "pgconnector_" + c.slotName());
        p.setProperty("plugin.name", "pgoutput");

        p.setProperty("database.hostname", c.host());
        p.setProperty("database.port", Integer.toString(c.port()));
        p.setProperty("database.dbname", c.database());
        p.setProperty("database.user", c.username());
        if (c.password() != null) {
            p.setProperty("database.password", c.password());
        }
        for (Map.Entry<String, String> e : TlsProperties.of(c.tls()).entrySet()) {
            // sslmode, sslrootcert, sslcert, sslkey, sslpassword: Debezium's names are database.<pgjdbc name>.
            p.setProperty("database." + e.getKey(), e.getValue());
        }

        p.setProperty("slot.name", c.slotName());
        if (c.failoverSlot()) {
            p.setProperty("slot.failover", "true");
        }
        p.setProperty("publication.name", c.publicationName());
        p.setProperty("publication.autocreate.mode", c.publicationAutoCreateMode().debeziumName());
        p.setProperty("snapshot.mode", c.snapshotMode().debeziumName());

        List<String> includeTables = new ArrayList<>(c.includeTables());
        List<String> excludeTables = new ArrayList<>(c.excludeTables());
        String offsetTable = ownOffsetTable(c);
        if (includeTables.isEmpty() && excludeTables.isEmpty() && c.includeSchemas().isEmpty()
                && c.excludeSchemas().isEmpty() && !catchAll && !attachedTables.isEmpty()) {
            // Only explicitly attached tables have a service: capture just those.
            for (String t : attachedTables) {
                includeTables.add(Pattern.quote(t));
            }
        }
        if (offsetTable != null && includeTables.isEmpty()) {
            // Never capture our own offset writes (each would produce a change, and so a new offset to write).
            excludeTables.add(Pattern.quote(offsetTable));
        }
        if (c.signalTable() != null) {
            p.setProperty("signal.data.collection", c.signalTable());
            p.setProperty("signal.enabled.channels", c.signalFile() == null ? "source" : "source,file");
            if (c.signalFile() != null) {
                p.setProperty("signal.file", c.signalFile().toAbsolutePath().toString());
            }
            p.setProperty("incremental.snapshot.chunk.size", Integer.toString(c.incrementalSnapshotChunkSize()));
            // Each chunk's window-open row is deleted at its close, so the table keeps only the signals.
            p.setProperty("incremental.snapshot.watermarking.strategy", "insert_delete");
        }
        putList(p, "table.include.list", includeTables);
        putList(p, "table.exclude.list", excludeTables);
        putList(p, "schema.include.list", c.includeSchemas());
        putList(p, "schema.exclude.list", c.excludeSchemas());
        putList(p, "column.include.list", c.includeColumns());
        putList(p, "column.exclude.list", c.excludeColumns());

        if (c.skippedOperations().contains(Operation.MESSAGE) || (!messageCatchAll && messagePrefixes.isEmpty())) {
            // No message service: the connector need not produce message events at all.
            p.setProperty("message.prefix.exclude.list", ".*");
        } else if (!messageCatchAll) {
            putList(p, "message.prefix.include.list", messagePrefixes.stream().map(Pattern::quote).toList());
        }
        String skipped = c.skippedOperations().stream().filter(o -> o != Operation.READ && o != Operation.MESSAGE)
                .map(Operation::code)
                .sorted().collect(Collectors.joining(","));
        p.setProperty("skipped.operations", skipped.isEmpty() ? "none" : skipped);
        p.setProperty("tombstones.on.delete", "false");

        // Value encodings that keep every value exact (see FieldDecoder).
        p.setProperty("column.propagate.source.type", ".*");
        p.setProperty("datatype.propagate.source.type", ".*");
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("hstore.handling.mode", "map");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("include.unknown.datatypes", "true");
        p.setProperty("money.fraction.digits", "2");

        p.setProperty("heartbeat.interval.ms", Long.toString(c.heartbeatInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(c.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(c.maxQueueSize()));
        p.setProperty("poll.interval.ms", Long.toString(c.pollInterval().toMillis()));
        p.setProperty("offset.flush.interval.ms", Long.toString(c.offsetFlushInterval().toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");
        p.setProperty("status.update.interval.ms", Long.toString(c.statusUpdateInterval().toMillis()));
        TypedSettings.apply(c, p);
        // The listener checks the slot before starting; a busy slot fails fast instead of 6 retries of 10 s.
        p.setProperty("slot.max.retries", "2");
        p.setProperty("slot.retry.delay.ms", "1000");
        p.setProperty("record.processing.threads", "1");
        // After a lost connection (a server restart) reconnect within about 2 s instead of Debezium's 10 s.
        p.setProperty("retriable.restart.connector.wait.ms", Long.toString(c.reconnectBackoff().toMillis()));

        OffsetStorage os = c.offsetStorage();
        switch (os.kind()) {
            case FILE:
                // Kafka's file store with saves that a kill cannot cut (see AtomicFileOffsetBackingStore).
                p.setProperty("offset.storage", AtomicFileOffsetBackingStore.class.getName());
                p.setProperty("offset.storage.file.filename", os.path().toString());
                break;
            case MEMORY:
                p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
                break;
            case KAFKA:
                // Debezium's engine builds Kafka Connect's store from these; the store's producer, consumer and
                // admin client take every other top-level property too, so TLS/SASL settings pass through.
                p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
                p.setProperty("bootstrap.servers", os.bootstrapServers());
                p.setProperty("offset.storage.topic", os.topic());
                p.setProperty("offset.storage.partitions", Integer.toString(os.partitions()));
                p.setProperty("offset.storage.replication.factor", Integer.toString(os.replicationFactor()));
                os.clientProperties().forEach(p::setProperty);
                break;
            case TARGET:
                // Seeded by the listener from the target table (see TargetOffsets) just before the start.
                p.setProperty("offset.storage", SeededOffsetBackingStore.class.getName());
                break;
            case REDIS:
                p.setProperty("offset.storage", RedisOffsetBackingStore.class.getName());
                p.setProperty(RedisOffsetBackingStore.HOST, os.redisHost());
                p.setProperty(RedisOffsetBackingStore.PORT, Integer.toString(os.redisPort()));
                p.setProperty(RedisOffsetBackingStore.KEY, os.redisKey());
                if (os.username() != null) {
                    p.setProperty(RedisOffsetBackingStore.USER, os.username());
                }
                if (os.password() != null) {
                    p.setProperty(RedisOffsetBackingStore.PASSWORD, os.password());
                }
                break;
            default:
                p.setProperty("offset.storage", PostgresOffsetBackingStore.class.getName());
                p.setProperty(OFFSET_TABLE, os.table());
                if (os.jdbcUrl() != null) {
                    p.setProperty(OFFSET_URL, os.jdbcUrl());
                    p.setProperty(OFFSET_USER, os.username());
                    if (os.password() != null) {
                        p.setProperty(OFFSET_PASSWORD, os.password());
                    }
                } else {
                    p.setProperty(OFFSET_URL, Preflight.jdbcUrl(c));
                    p.setProperty(OFFSET_USER, c.username());
                    if (c.password() != null) {
                        p.setProperty(OFFSET_PASSWORD, c.password());
                    }
                    TlsProperties.of(c.tls()).forEach((k, v) -> p.setProperty("offset.storage.pgconnector.driver."
                            + k, v));
                }
                break;
        }
        c.debeziumProperties().forEach(p::setProperty);
        return p;
    }

    /** The offset table when it lives in the captured database, as {@code schema.table}; else null. */
    static String ownOffsetTable(CdcConfig c) {
        OffsetStorage os = c.offsetStorage();
        // A target table may be in the captured database too: never capture it either.
        if (os.kind() != OffsetStorage.Kind.TARGET && (os.kind() != OffsetStorage.Kind.JDBC || os.jdbcUrl() != null)) {
            return null;
        }
        return os.table().contains(".") ? os.table() : "public." + os.table();
    }

    private static void putList(Properties p, String key, List<String> values) {
        if (!values.isEmpty()) {
            p.setProperty(key, String.join(",", values));
        }
    }
}
