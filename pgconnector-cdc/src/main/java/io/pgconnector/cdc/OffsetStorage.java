package io.pgconnector.cdc;

import io.pgconnector.client.PostgresClient;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the listener keeps the position of the last handled change, so that a restart resumes there. The slot on the
 * server also keeps a position, but only the stored offset says which changes the application handled.
 *
 * <ul>
 *   <li>{@link #file(Path)}: a local file (the default is {@code ./pgconnector-cdc/<slot>.offsets}); parent folders
 *   are created.</li>
 *   <li>{@link #memory()}: nothing survives the process; every start is a first start (a new snapshot with
 *   {@link SnapshotMode#INITIAL}). For tests.</li>
 *   <li>{@link #jdbc(String)}: a table in the captured database (created if missing, and never captured itself), or
 *   with {@link #jdbc(String, String, String, String)} in another PostgreSQL database. For applications without a
 *   durable local disk.</li>
 *   <li>{@link #kafka(String, String)}: a compacted Kafka topic, through Kafka Connect's own offset store (the one
 *   Kafka Connect workers use). For applications that already run Kafka; TLS/SASL settings go in
 *   {@link #withClientProperty(String, String)}.</li>
 *   <li>{@link #redis(String, int, String)}: a hash in Redis, for deployments that already run one. The listener
 *   speaks Redis's protocol itself, so no Redis client library is added to the application.</li>
 *   <li>{@link #target(PostgresClient, String)}: a table of the database the services write into, written in the
 *   same transaction as their writes: effectively-once delivery with {@link TransactionalCdcService}.</li>
 * </ul>
 */
public final class OffsetStorage {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[^\\s,:]+:[0-9]{1,5}(,[^\\s,:]+:[0-9]{1,5})*");

    /** The kind of storage. */
    public enum Kind {
        /** A local file. */
        FILE,
        /** Memory only. */
        MEMORY,
        /** A PostgreSQL table. */
        JDBC,
        /** A Kafka topic. */
        KAFKA,
        /** A Redis hash. */
        REDIS,
        /** A table of the target database, written in the services' transactions. */
        TARGET
    }

    private final Kind kind;
    private final Path file;
    private final String table;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final Kafka kafka;
    private final String redisHost;
    private final int redisPort;
    private final String redisKey;
    private final PostgresClient target;

    /** The settings of {@link Kind#KAFKA}. */
    private record Kafka(String bootstrapServers, String topic, int partitions, short replicationFactor,
            Map<String, String> clientProperties) {
    }

    private OffsetStorage(Kind kind, Path file, String table, String jdbcUrl, String username, String password) {
        this(kind, file, table, jdbcUrl, username, password, null, null, 0, null);
    }

    private OffsetStorage(Kind kind, Path file, String table, String jdbcUrl, String username, String password,
            Kafka kafka) {
        this(kind, file, table, jdbcUrl, username, password, kafka, null, 0, null);
    }

    private OffsetStorage(Kind kind, Path file, String table, String jdbcUrl, String username, String password,
            Kafka kafka, String redisHost, int redisPort, String redisKey) {
        this(kind, file, table, jdbcUrl, username, password, kafka, redisHost, redisPort, redisKey, null);
    }

    private OffsetStorage(Kind kind, Path file, String table, String jdbcUrl, String username, String password,
            Kafka kafka, String redisHost, int redisPort, String redisKey, PostgresClient target) {
        this.target = target;
        this.kind = kind;
        this.file = file;
        this.table = table;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.kafka = kafka;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
        this.redisKey = redisKey;
    }

    /**
     * Stores offsets in a file; its parent folders are created when the listener starts. Each save writes a temporary
     * file beside it and renames it over the offsets, so a process killed while saving leaves the previous offsets
     * whole; a file that is empty or cannot be read makes {@code start()} fail, naming it.
     *
     * @param file the file
     * @return the storage
     */
    public static OffsetStorage file(Path file) {
        Objects.requireNonNull(file, "file");
        return new OffsetStorage(Kind.FILE, file.toAbsolutePath(), null, null, null, null);
    }

    /**
     * Keeps offsets in memory only.
     *
     * @return the storage
     */
    public static OffsetStorage memory() {
        return new OffsetStorage(Kind.MEMORY, null, null, null, null, null);
    }

    /**
     * Stores offsets in a table of the captured database, reached with the listener's own connection settings. The
     * table is created if missing and excluded from capture.
     *
     * @param table the table, optionally schema-qualified ({@code cdc.offsets}); plain identifiers only
     * @return the storage
     * @throws IllegalArgumentException if the name is not a plain identifier
     */
    public static OffsetStorage jdbc(String table) {
        return new OffsetStorage(Kind.JDBC, null, checkTable(table), null, null, null);
    }

    /**
     * Stores offsets in a table of another PostgreSQL database.
     *
     * @param jdbcUrl  the pgjdbc URL ({@code jdbc:postgresql://host:5432/db}); TLS settings go in the URL
     * @param username the user
     * @param password the password, or null
     * @param table    the table, optionally schema-qualified
     * @return the storage
     * @throws IllegalArgumentException if the URL is not a pgjdbc URL or the table name is not a plain identifier
     */
    public static OffsetStorage jdbc(String jdbcUrl, String username, String password, String table) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a pgjdbc URL (jdbc:postgresql://host:port/database)");
        }
        return new OffsetStorage(Kind.JDBC, null, checkTable(table), jdbcUrl, username, password);
    }

    /**
     * Stores offsets in a Kafka topic, with Kafka Connect's {@code KafkaOffsetBackingStore}: one partition and the
     * broker's default replication factor unless set with {@link #withPartitions(int)} and
     * {@link #withReplicationFactor(int)}. The topic is created (compacted) if missing; an existing topic must be
     * compacted ({@code cleanup.policy=compact}). {@code start()} fails within seconds when the brokers cannot be
     * reached.
     *
     * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
     * @param topic            the offset topic; one topic per listener (slot) is simplest, but several listeners
     *                         may share one, their offsets being keyed by connector name
     * @return the storage
     * @throws IllegalArgumentException if the servers are not {@code host:port} pairs or the topic name is not a
     *                                  legal Kafka topic name
     */
    public static OffsetStorage kafka(String bootstrapServers, String topic) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        String servers = bootstrapServers.replace(" ", "");
        if (!BOOTSTRAP.matcher(servers).matches()) {
            throw new IllegalArgumentException("The Kafka bootstrap servers must be host:port pairs separated by "
                    + "commas (broker1:9092,broker2:9092); was '" + bootstrapServers + "'");
        }
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("Not a legal Kafka topic name (letters, digits, '.', '_', '-', at "
                    + "most 249): '" + topic + "'");
        }
        return new OffsetStorage(Kind.KAFKA, null, null, null, null, null,
                new Kafka(servers, topic, 1, (short) -1, Map.of()));
    }

    /**
     * Returns a copy of this Kafka storage with another number of partitions for a topic it creates.
     *
     * @param partitions the partitions, at least 1
     * @return the storage
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException    if this is not a Kafka storage
     */
    public OffsetStorage withPartitions(int partitions) {
        Kafka k = requireKafka();
        if (partitions < 1) {
            throw new IllegalArgumentException("The offset topic needs at least 1 partition, was " + partitions);
        }
        return new OffsetStorage(kind, null, null, null, null, null,
                new Kafka(k.bootstrapServers, k.topic, partitions, k.replicationFactor, k.clientProperties));
    }

    /**
     * Returns a copy of this Kafka storage with the replication factor of a topic it creates.
     *
     * @param replicationFactor at least 1, or -1 for the broker's default
     * @return the storage
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException    if this is not a Kafka storage
     */
    public OffsetStorage withReplicationFactor(int replicationFactor) {
        Kafka k = requireKafka();
        if ((replicationFactor < 1 && replicationFactor != -1) || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("The replication factor must be at least 1, or -1 for the broker's "
                    + "default; was " + replicationFactor);
        }
        return new OffsetStorage(kind, null, null, null, null, null,
                new Kafka(k.bootstrapServers, k.topic, k.partitions, (short) replicationFactor, k.clientProperties));
    }

    /**
     * Returns a copy of this Kafka storage with a Kafka client property for the store's producer, consumer and
     * admin client: TLS and SASL settings ({@code security.protocol}, {@code ssl.truststore.location},
     * {@code sasl.mechanism}, {@code sasl.jaas.config}, ...). Values are never logged.
     *
     * @param name  the Kafka client property
     * @param value its value
     * @return the storage
     * @throws IllegalArgumentException if the property is one the storage sets itself
     * @throws IllegalStateException    if this is not a Kafka storage
     */
    public OffsetStorage withClientProperty(String name, String value) {
        Kafka k = requireKafka();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equals("bootstrap.servers") || name.startsWith("offset.storage.")) {
            throw new IllegalArgumentException("'" + name + "' is set by OffsetStorage.kafka itself; use its "
                    + "arguments instead");
        }
        Map<String, String> props = new LinkedHashMap<>(k.clientProperties);
        props.put(name, value);
        return new OffsetStorage(kind, null, null, null, null, null,
                new Kafka(k.bootstrapServers, k.topic, k.partitions, k.replicationFactor, Map.copyOf(props)));
    }

    private Kafka requireKafka() {
        if (kafka == null) {
            throw new IllegalStateException("Only an OffsetStorage.kafka(...) has Kafka settings; this is " + this);
        }
        return kafka;
    }

    /**
     * Returns the Kafka bootstrap servers of {@link Kind#KAFKA}, else null.
     *
     * @return the servers or null
     */
    public String bootstrapServers() {
        return kafka == null ? null : kafka.bootstrapServers;
    }

    /**
     * Returns the Kafka topic of {@link Kind#KAFKA}, else null.
     *
     * @return the topic or null
     */
    public String topic() {
        return kafka == null ? null : kafka.topic;
    }

    /**
     * Returns the partitions of a Kafka offset topic the store creates (0 when not {@link Kind#KAFKA}).
     *
     * @return the partitions
     */
    public int partitions() {
        return kafka == null ? 0 : kafka.partitions;
    }

    /**
     * Returns the replication factor of a Kafka offset topic the store creates (-1: the broker's default; 0 when
     * not {@link Kind#KAFKA}).
     *
     * @return the replication factor
     */
    public int replicationFactor() {
        return kafka == null ? 0 : kafka.replicationFactor;
    }

    /**
     * Returns the extra Kafka client properties of {@link Kind#KAFKA} (empty otherwise). They may hold secrets:
     * never log them.
     *
     * @return the properties
     */
    public Map<String, String> clientProperties() {
        return kafka == null ? Map.of() : kafka.clientProperties;
    }

    /**
     * Stores offsets in a hash of a Redis server without authentication.
     *
     * @param host the Redis host
     * @param port the Redis port, 1 to 65535
     * @param key  the hash's key, for example {@code pgconnector-cdc:shop_search}; one per listener
     * @return the storage
     * @throws IllegalArgumentException if the port or key is invalid
     */
    public static OffsetStorage redis(String host, int port, String key) {
        return redis(host, port, null, null, key);
    }

    /**
     * Stores offsets in a hash of a Redis server that needs a password ({@code AUTH}), optionally of an ACL user.
     * The connection is plain TCP: keep Redis on a trusted network.
     *
     * @param host     the Redis host
     * @param port     the Redis port, 1 to 65535
     * @param username the ACL user, or null for the default user
     * @param password the password (never logged or shown), or null for none
     * @param key      the hash's key; one per listener
     * @return the storage
     * @throws IllegalArgumentException if the port or key is invalid
     */
    public static OffsetStorage redis(String host, int port, String username, String password, String key) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(key, "key");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The Redis port must be 1 to 65535, was " + port);
        }
        if (key.isBlank() || host.isBlank()) {
            throw new IllegalArgumentException("The Redis host and key must not be blank");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("A Redis user needs a password");
        }
        return new OffsetStorage(Kind.REDIS, null, null, null, username, password, null, host, port, key);
    }

    /**
     * Returns the Redis host of {@link Kind#REDIS}, else null.
     *
     * @return the host or null
     */
    public String redisHost() {
        return redisHost;
    }

    /**
     * Returns the Redis port of {@link Kind#REDIS}, else 0.
     *
     * @return the port
     */
    public int redisPort() {
        return redisPort;
    }

    /**
     * Returns the Redis hash key of {@link Kind#REDIS}, else null.
     *
     * @return the key or null
     */
    public String redisKey() {
        return redisKey;
    }

    /**
     * Stores offsets in a table of the database that {@link TransactionalCdcService}s write into, inside the very
     * transactions their writes are in: the change and its position commit together or not at all, so after a crash
     * nothing is applied twice and nothing is lost. At start the listener creates the table if missing and resumes
     * from it. Every service of the listener must then be attached with {@link CdcListener#attachTransactional}.
     * Several listeners (slots) may share one table.
     *
     * @param target the client of the target database; the listener does not close it
     * @param table  the table, optionally schema-qualified ({@code cdc.offsets}); plain identifiers only
     * @return the storage
     * @throws IllegalArgumentException if the name is not a plain identifier
     */
    public static OffsetStorage target(PostgresClient target, String table) {
        Objects.requireNonNull(target, "target");
        return new OffsetStorage(Kind.TARGET, null, checkTable(table), null, null, null, null, null, 0, null, target);
    }

    /**
     * Returns the target client of {@link Kind#TARGET}, else null.
     *
     * @return the client or null
     */
    public PostgresClient targetClient() {
        return target;
    }

    private static String checkTable(String table) {
        Objects.requireNonNull(table, "table");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("The offset table name must be a plain identifier, optionally "
                    + "schema-qualified (cdc.offsets); was '" + table + "'");
        }
        return table;
    }

    /**
     * Returns the kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the file of {@link Kind#FILE}, else null.
     *
     * @return the file or null
     */
    public Path path() {
        return file;
    }

    /**
     * Returns the table of {@link Kind#JDBC} and {@link Kind#TARGET}, else null.
     *
     * @return the table or null
     */
    public String table() {
        return table;
    }

    /**
     * Returns the JDBC URL of a table in another database, or null when the listener's database is used.
     *
     * @return the URL or null
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Returns the user of a table in another database, or null.
     *
     * @return the user or null
     */
    public String username() {
        return username;
    }

    /**
     * Returns the password of a table in another database (never logged), or null.
     *
     * @return the password or null
     */
    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetStorage s && s.kind == kind && Objects.equals(s.file, file)
                && Objects.equals(s.table, table) && Objects.equals(s.jdbcUrl, jdbcUrl)
                && Objects.equals(s.username, username) && Objects.equals(s.password, password)
                && Objects.equals(s.kafka, kafka)
                && Objects.equals(s.redisHost, redisHost) && s.redisPort == redisPort
                && Objects.equals(s.redisKey, redisKey) && s.target == target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, file, table, jdbcUrl, username, kafka == null ? null : kafka.topic, redisHost,
                redisPort, redisKey);
    }

    /** Describes the storage; a password is never shown. */
    @Override
    public String toString() {
        switch (kind) {
            case FILE:
                return "OffsetStorage.file(" + file + ")";
            case MEMORY:
                return "OffsetStorage.memory()";
            case KAFKA:
                // Client property values may be SASL secrets: only their names.
                return "OffsetStorage.kafka(" + kafka.bootstrapServers + ", " + kafka.topic + ", partitions="
                        + kafka.partitions + ", replicationFactor=" + kafka.replicationFactor
                        + (kafka.clientProperties.isEmpty() ? "" : ", clientProperties="
                                + new java.util.TreeSet<>(kafka.clientProperties.keySet())) + ")";
            case TARGET:
                return "OffsetStorage.target(" + target + ", " + table + ")";
            case REDIS:
                return "OffsetStorage.redis(" + redisHost + ":" + redisPort + ", " + (username == null ? ""
                        : username + ", ") + (password == null ? "" : "****, ") + redisKey + ")";
            default:
                return "OffsetStorage.jdbc(" + (jdbcUrl == null ? "" : jdbcUrl.replaceAll("\\?.*", "?...") + ", " + username + ", ****, ")
                        + table + ")";
        }
    }
}
