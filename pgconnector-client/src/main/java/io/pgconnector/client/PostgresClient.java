package io.pgconnector.client;

import io.pgconnector.codec.Codec;
import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.PostgresException;

import io.pgconnector.client.spi.ClientObserver;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL client: typed queries, statements, batches and transactions over a pool of connections.
 *
 * <pre>{@code
 * try (PostgresClient client = PostgresClient.builder()
 *         .host("db.example.com").database("shop").username("app").password(secret)
 *         .build()) {
 *     record Order(long id, String customer, BigDecimal total) {}
 *     Order o = client.queryRow(Sql.of("SELECT * FROM orders WHERE id = ?", 7L), Order.class);
 * }
 * }</pre>
 *
 * <p>A client is created connected: {@link Builder#build()} opens the pool and fails at once, with a
 * {@link ConnectionException} or {@link AuthenticationException} that names what was wrong, if the host, port,
 * credentials or database are. A client is thread-safe; create one per database and share it. After
 * {@link #close()} every call throws {@link ClientClosedException}.
 */
public interface PostgresClient extends SqlOperations, AutoCloseable {

    /**
     * Starts a builder. Defaults: host {@code localhost}, port 5432, user {@code postgres}, no password, the
     * server's default database (the user's name), {@link ClientOptions#defaults()}, {@link PoolOptions#defaults()}.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a client from a libpq connection URI or a pgjdbc URL.
     *
     * <p>libpq: {@code postgresql://user:password@host:port/database?sslmode=verify-full&sslrootcert=/ca.crt}.
     * Recognised query parameters: {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey},
     * {@code sslpassword}, {@code connect_timeout} (seconds), {@code application_name}, {@code options},
     * {@code target_session_attrs}, {@code user}, {@code password}, {@code dbname}, {@code host}, {@code port}; any
     * other parameter is passed to pgjdbc as a driver property.
     *
     * <p>pgjdbc: {@code jdbc:postgresql://host:port/database?user=app&password=secret&sslmode=require}, read by
     * pgjdbc's own URL parser. Every parameter must be a pgjdbc connection property; the TLS ones
     * ({@code sslmode}, {@code ssl}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword}) go
     * through {@link TlsOptions}, {@code connectTimeout}, {@code socketTimeout}, {@code loginTimeout} (seconds),
     * {@code ApplicationName} and {@code currentSchema} through {@link ClientOptions}, the rest straight to the
     * driver.
     *
     * <p>Both forms accept several servers, {@code host1:5432,host2:5433}, which pgjdbc tries in order (see
     * {@link Builder#hosts(List)}).
     *
     * @param uri the URI ({@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql:})
     * @return a connected client
     * @throws ConfigurationException if the URI is malformed, has another scheme, or (for {@code jdbc:}) names a
     *                                parameter that pgjdbc does not know
     * @throws ConnectionException    if the server cannot be reached or refuses the connection
     */
    static PostgresClient fromUri(String uri) {
        return Implementations.parseUri(uri).build();
    }

    /**
     * Creates a client from the libpq environment variables: {@code PGHOST}, {@code PGPORT}, {@code PGUSER},
     * {@code PGPASSWORD}, {@code PGDATABASE}, {@code PGSSLMODE}, {@code PGSSLROOTCERT}, {@code PGSSLCERT},
     * {@code PGSSLKEY}, {@code PGAPPNAME}, {@code PGCONNECT_TIMEOUT}, {@code PGOPTIONS}, {@code PGTARGETSESSIONATTRS}.
     * As in libpq, {@code PGHOST} may list several servers ({@code PGHOST=db1,db2}, with {@code PGPORT} holding one
     * port for all or one per host) and {@code PGTARGETSESSIONATTRS=read-write} picks whichever is the primary.
     * Unset variables take the builder's defaults.
     *
     * @return a connected client
     * @throws ConfigurationException if a variable has an invalid value
     * @throws ConnectionException    if the server cannot be reached or refuses the connection
     */
    static PostgresClient fromEnvironment() {
        return Implementations.fromEnvironment(System.getenv()).build();
    }

    /**
     * Runs work in a transaction on one connection, with the pool's default isolation level. The transaction
     * commits when the callback returns and rolls back when it throws.
     *
     * <pre>{@code
     * long id = client.transaction(tx -> {
     *     long orderId = tx.queryRow(Sql.of("INSERT INTO orders(total) VALUES (?) RETURNING id", total), Long.class);
     *     tx.execute(Sql.of("UPDATE stock SET n = n - 1 WHERE item = ?", item));
     *     return orderId;
     * });
     * }</pre>
     *
     * @param work the work
     * @param <R>  what the work returns
     * @return what the work returned
     * @throws PostgresException the callback's exception (checked ones wrapped), or a commit failure
     * @throws InvalidStatementException if {@code work} is null (SQLSTATE 22004)
     */
    <R> R transaction(TransactionCallback<R> work);

    /**
     * Runs work in a transaction with the given isolation level. See {@link #transaction(TransactionCallback)}.
     *
     * @param isolation the isolation level
     * @param work      the work
     * @param <R>       what the work returns
     * @return what the work returned
     * @throws PostgresException the callback's exception (checked ones wrapped), or a commit failure
     * @throws InvalidStatementException if {@code work} is null (SQLSTATE 22004)
     */
    <R> R transaction(IsolationLevel isolation, TransactionCallback<R> work);

    /**
     * Runs work in a transaction with options: an isolation level and, opt-in, running the whole transaction again
     * when it fails with a serialization failure ({@code 40001}) or a deadlock ({@code 40P01}), at most
     * {@link TransactionOptions#maxAttempts()} times. The callback then runs again from the start.
     *
     * @param options the options
     * @param work    the work
     * @param <R>     what the work returns
     * @return what the work returned
     * @throws PostgresException the callback's exception (checked ones wrapped), or a commit failure; when the
     *                           attempts are exhausted, the last failure with its original SQLSTATE
     * @throws InvalidStatementException if {@code options} or {@code work} is null (SQLSTATE 22004)
     */
    <R> R transaction(TransactionOptions options, TransactionCallback<R> work);

    /**
     * Returns the read-only view of this client that reads on streaming replicas, with the primary as fallback:
     * the servers of {@link Builder#hosts(List)} and {@link Builder#replicas(List)}, of which standbys are preferred
     * and balanced. Writes and transactions stay on the client itself. Its pool is opened on the first call, with
     * the same {@link PoolOptions}; the view is closed with the client. See {@code docs/replicas.md}.
     *
     * <pre>{@code
     * long n = client.replicas().queryRow(Sql.of("SELECT count(*) FROM orders"), Long.class);
     * Order o = client.replicas().readYourWrites(Duration.ofSeconds(1))
     *         .queryRow(Sql.of("SELECT * FROM orders WHERE id = ?", id), Order.class);
     * }</pre>
     *
     * @return the view
     * @throws ClientClosedException if the client is closed
     * @throws ConnectionException   if no server at all can be reached when the pool opens
     */
    ReplicaReads replicas();

    /**
     * Returns the client's connection pool as a JDBC {@link DataSource}, for tools that take one: Flyway,
     * Liquibase, jOOQ, Spring's {@code JdbcTemplate}. Its connections are the client's own (same settings, same
     * limit of {@link PoolOptions#maxOpenConnections()}), and each must be closed to go back to the pool.
     *
     * <pre>{@code
     * Flyway.configure().dataSource(client.dataSource()).load().migrate();
     * }</pre>
     *
     * <p>The data source belongs to the client: after {@link #close()} its {@code getConnection()} throws an
     * {@link java.sql.SQLException} with SQLState {@code 08003}, whether or not the pool is shared. It does not
     * unwrap to the pool implementation, so that nobody closes a pool the client still uses.
     *
     * @return the pool as a data source
     * @throws ClientClosedException if the client is closed
     */
    DataSource dataSource();

    /**
     * Returns a snapshot of the connection pool.
     *
     * @return the pool's counters
     */
    PoolStats poolStats();

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    boolean isClosed();

    /**
     * Closes the client and its pool (a shared pool closes when its last client closes). Idempotent. Afterwards
     * every call throws {@link ClientClosedException}.
     */
    @Override
    void close();

    /**
     * Builds a {@link PostgresClient}. Not thread-safe; {@link #toString()} never shows the password.
     */
    final class Builder {
        private String host = "localhost";
        private int port = 5432;
        private List<String> hosts = List.of();
        private List<String> replicas = List.of();
        private String username = "postgres";
        private String password;
        private String database;
        private ClientOptions options = ClientOptions.defaults();
        private PoolOptions pool = PoolOptions.defaults();
        private ClientObserver observer;

        Builder() {
        }

        /**
         * Sets the host name or IP address (default {@code localhost}).
         *
         * @param host the host
         * @return this builder
         */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new ConfigurationException("host must not be empty");
            }
            this.host = host;
            this.hosts = List.of();
            return this;
        }

        /**
         * Sets several servers for pgjdbc to try in order, each {@code host} or {@code host:port} (an IPv6 address
         * in brackets, {@code [::1]:5432}); the first also becomes {@link #host()} and {@link #port()}. Which kind
         * of server is accepted follows pgjdbc's {@code targetServerType} property (default {@code any}), for
         * example {@code options(ClientOptions.builder().driverProperty("targetServerType", "primary").build())}.
         * A later {@link #host(String)} or {@link #port(int)} goes back to one server.
         *
         * @param servers one or more servers
         * @return this builder
         * @throws ConfigurationException if the list is empty or a server is malformed
         */
        public Builder hosts(List<String> servers) {
            if (servers == null || servers.isEmpty()) {
                throw new ConfigurationException("hosts must name at least one server");
            }
            List<String> normalized = normalizeServers(servers);
            String[] first = Implementations.splitServer(normalized.get(0));
            String firstHost = first[0];
            int firstPort = Implementations.parsePort(first[1]);
            host(firstHost);
            port(firstPort);
            this.hosts = normalized.size() > 1 ? List.copyOf(normalized) : List.of();
            return this;
        }

        /**
         * Sets the streaming replicas of the primary, each {@code host} or {@code host:port}. With replicas the
         * client's own pool connects to whichever of {@link #hosts()} and the replicas is the primary
         * ({@code targetServerType=primary}, host states rechecked every second), so a promoted replica is found by
         * its role after a failover; {@link PostgresClient#replicas()} reads on the replicas. An empty list removes
         * them.
         *
         * @param servers the replicas
         * @return this builder
         * @throws ConfigurationException if the list is null or a server is malformed
         */
        public Builder replicas(List<String> servers) {
            if (servers == null) {
                throw new ConfigurationException("replicas must be a list of servers, possibly empty");
            }
            this.replicas = servers.isEmpty() ? List.of() : List.copyOf(normalizeServers(servers));
            return this;
        }

        /**
         * Returns the replicas as {@code host:port}, empty unless {@link #replicas(List)} named some.
         *
         * @return the replicas
         */
        public List<String> replicas() {
            return replicas;
        }

        private static List<String> normalizeServers(List<String> servers) {
            List<String> normalized = new ArrayList<>();
            for (String server : servers) {
                if (server == null) {
                    throw new ConfigurationException("a server must not be null");
                }
                String[] hostPort = Implementations.splitServer(server);
                String h = hostPort[0];
                int p = hostPort[1] == null ? 5432 : Implementations.parsePort(hostPort[1]);
                normalized.add((h.contains(":") ? "[" + h + "]" : h) + ":" + p);
            }
            return normalized;
        }

        /**
         * Sets the port (default 5432).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new ConfigurationException("port must be between 1 and 65535, got " + port);
            }
            this.port = port;
            this.hosts = List.of();
            return this;
        }

        /**
         * Sets the user name (default {@code postgres}).
         *
         * @param username the user
         * @return this builder
         */
        public Builder username(String username) {
            if (username == null || username.isEmpty()) {
                throw new ConfigurationException("username must not be empty");
            }
            this.username = username;
            return this;
        }

        /**
         * Sets the password (default none). It is never logged or shown.
         *
         * @param password the password, or null
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Sets the database (default: the server's default, a database named like the user).
         *
         * @param database the database, or null
         * @return this builder
         */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /**
         * Sets the connection options.
         *
         * @param options the options
         * @return this builder
         */
        public Builder options(ClientOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Registers a codec for a PostgreSQL type the client does not know (an extension's type such as
         * {@code hstore}, a type of your own): a shortcut for {@code options(options().toBuilder().codec(codec)
         * .build())}, so call it after {@link #options(ClientOptions)}. The last registration of a type or a Java
         * class wins. {@link #build()} looks the type up and fails with a {@code ConfigurationException} naming the
         * codec and the type if it does not exist.
         *
         * @param codec the codec
         * @return this builder
         * @throws io.pgconnector.errors.ConfigurationException if the codec has no type name or Java class
         */
        public Builder codec(Codec<?> codec) {
            this.options = options.toBuilder().codec(codec).build();
            return this;
        }

        /**
         * Sets the pool options.
         *
         * @param pool the options
         * @return this builder
         */
        public Builder pool(PoolOptions pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * Sets who watches the client's pool and operations, for metrics and tracing (default none). The
         * {@code pgconnector-micrometer} module provides one: {@code PostgresMetrics} for Micrometer.
         *
         * @param observer the observer, or null for none
         * @return this builder
         */
        public Builder observer(ClientObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Returns the observer, or null.
         *
         * @return the observer
         */
        public ClientObserver observer() {
            return observer;
        }

        /**
         * Returns the host.
         *
         * @return the host
         */
        public String host() {
            return host;
        }

        /**
         * Returns every server as {@code host:port}: one unless {@link #hosts(List)} named several.
         *
         * @return the servers, in the order pgjdbc tries them
         */
        public List<String> hosts() {
            return hosts.isEmpty() ? List.of((host.contains(":") ? "[" + host + "]" : host) + ":" + port) : hosts;
        }

        /**
         * Returns the port.
         *
         * @return the port
         */
        public int port() {
            return port;
        }

        /**
         * Returns the user.
         *
         * @return the user
         */
        public String username() {
            return username;
        }

        /**
         * Returns the password, or null.
         *
         * @return the password
         */
        public String password() {
            return password;
        }

        /**
         * Returns the database, or null for the server's default.
         *
         * @return the database
         */
        public String database() {
            return database;
        }

        /**
         * Returns the connection options.
         *
         * @return the options
         */
        public ClientOptions options() {
            return options;
        }

        /**
         * Returns the pool options.
         *
         * @return the options
         */
        public PoolOptions pool() {
            return pool;
        }

        /**
         * Opens the pool and returns the connected client.
         *
         * @return the client
         * @throws ConnectionException     if the server cannot be reached, or the database does not exist
         * @throws AuthenticationException if the server refuses the credentials
         */
        public PostgresClient build() {
            return Implementations.createClient(this);
        }

        /** Describes the target; the password is shown only as {@code ****}. */
        @Override
        public String toString() {
            return "PostgresClient.Builder[" + username + "@" + String.join(",", hosts())
                    + (replicas.isEmpty() ? "" : ", replicas " + String.join(",", replicas)) + "/"
                    + (database == null ? "(default)" : database) + ", password=" + (password == null ? "none" : "****")
                    + ", " + options + ", " + pool + "]";
        }

        /**
         * Returns a builder configured from libpq environment variables, without connecting; see
         * {@link PostgresClient#fromEnvironment()}.
         *
         * @param env the variables (for example {@code System.getenv()})
         * @return a builder configured from it
         */
        public static Builder fromEnvironment(Map<String, String> env) {
            return Implementations.fromEnvironment(env);
        }

        /**
         * Returns a builder configured from a libpq URI or a pgjdbc URL, without connecting; see
         * {@link PostgresClient#fromUri}.
         *
         * @param uri the URI
         * @return the builder
         */
        public static Builder fromUri(String uri) {
            return Implementations.parseUri(uri);
        }
    }
}
