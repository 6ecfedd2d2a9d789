package io.pgconnector.cdc;

import java.nio.file.Path;
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
 *   <li>{@link #redis(String, int, String)}: a hash in Redis, for deployments that already run one. The listener
 *   speaks Redis's protocol itself, so no Redis client library is added to the application.</li>
 * </ul>
 */
public final class OffsetStorage {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** The kind of storage. */
    public enum Kind {
        /** A local file. */
        FILE,
        /** Memory only. */
        MEMORY,
        /** A PostgreSQL table. */
        JDBC,
        /** A Redis hash. */
        REDIS
    }

    private final Kind kind;
    private final Path file;
    private final String table;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String redisHost;
    private final int redisPort;
    private final String redisKey;

    private OffsetStorage(Kind kind, Path file, String table, String jdbcUrl, String username, String password) {
        this(kind, file, table, jdbcUrl, username, password, null, 0, null);
    }

    private OffsetStorage(Kind kind, Path file, String table, String jdbcUrl, String username, String password,
            String redisHost, int redisPort, String redisKey) {
        this.kind = kind;
        this.file = file;
        this.table = table;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
        this.redisKey = redisKey;
    }

    /**
     * Stores offsets in a file; its parent folders are created when the listener starts.
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
        return new OffsetStorage(Kind.REDIS, null, null, null, username, password, host, port, key);
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
     * Returns the table of {@link Kind#JDBC}, else null.
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
                && Objects.equals(s.redisHost, redisHost) && s.redisPort == redisPort
                && Objects.equals(s.redisKey, redisKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, file, table, jdbcUrl, username, redisHost, redisPort, redisKey);
    }

    /** Describes the storage; a password is never shown. */
    @Override
    public String toString() {
        switch (kind) {
            case FILE:
                return "OffsetStorage.file(" + file + ")";
            case MEMORY:
                return "OffsetStorage.memory()";
            case REDIS:
                return "OffsetStorage.redis(" + redisHost + ":" + redisPort + ", " + (username == null ? ""
                        : username + ", ") + (password == null ? "" : "****, ") + redisKey + ")";
            default:
                return "OffsetStorage.jdbc(" + (jdbcUrl == null ? "" : jdbcUrl.replaceAll("\\?.*", "?...") + ", " + username + ", ****, ")
                        + table + ")";
        }
    }
}
