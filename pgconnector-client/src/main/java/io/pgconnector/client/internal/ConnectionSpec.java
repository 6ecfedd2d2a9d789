package io.pgconnector.client.internal;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.PostgresException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to connect to PostgreSQL: the servers, the database, the user, the password and the pgjdbc properties (TLS
 * included). The one description that the client's pool, its single connections (LISTEN) and the CDC module's own
 * connections are opened from, so that the pgjdbc URL is built, and a failed connection is translated into
 * {@link AuthenticationException} or {@link ConnectionException}, in one place. {@link #toString()} shows neither
 * the password nor the properties (they may hold a key password).
 *
 * @param servers    {@code host:port} each (an IPv6 address in brackets), tried in order by pgjdbc
 * @param database   the database, or null for the server's default (the user's name)
 * @param username   the user
 * @param password   the password, or null
 * @param properties the pgjdbc connection properties other than user and password
 */
public record ConnectionSpec(List<String> servers, String database, String username, String password,
                             Map<String, String> properties) {

    /**
     * Copies the lists.
     *
     * @param servers    see the record
     * @param database   see the record
     * @param username   see the record
     * @param password   see the record
     * @param properties see the record
     */
    public ConnectionSpec {
        servers = List.copyOf(servers);
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * The description of a client builder's primary connection: its servers, credentials and
     * {@link Pools#driverProperties client options}.
     *
     * @param b the settings
     * @return the description
     */
    public static ConnectionSpec of(PostgresClient.Builder b) {
        Map<String, String> props = new TreeMap<>();
        Pools.driverProperties(b.options()).forEach((k, v) -> props.put((String) k, (String) v));
        return new ConnectionSpec(b.hosts(), b.database(), b.username(), b.password(), props);
    }

    /**
     * One server as pgjdbc's URL writes it: {@code host:port}, an IPv6 address in brackets.
     *
     * @param host the host name or address
     * @param port the port
     * @return the server
     */
    public static String server(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A copy with one more pgjdbc property (replacing one of that name).
     *
     * @param name  the property
     * @param value its value
     * @return the copy
     */
    public ConnectionSpec with(String name, String value) {
        Map<String, String> props = new TreeMap<>(properties);
        props.put(name, value);
        return new ConnectionSpec(servers, database, username, password, props);
    }

    /**
     * The pgjdbc URL: servers and database, no credentials, no properties.
     *
     * @return {@code jdbc:postgresql://host:port[,host:port...]/database}
     */
    public String jdbcUrl() {
        String db = database == null ? "" : URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        return "jdbc:postgresql://" + String.join(",", servers) + "/" + db;
    }

    /**
     * The properties to connect with: {@link #properties()} with {@code user} and {@code password}. Never log them.
     *
     * @return new properties
     */
    public Properties connectProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        props.setProperty("user", username);
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /**
     * The target for messages, without secrets: {@code user@host:port/database}.
     *
     * @return the description
     */
    public String describe() {
        return username + "@" + String.join(",", servers) + "/" + (database == null ? username : database);
    }

    /**
     * Opens one connection, outside any pool.
     *
     * @return the connection, in autocommit mode
     * @throws AuthenticationException if the server refuses the credentials
     * @throws ConnectionException     if the server cannot be reached, refuses the connection or has no such
     *                                 database
     * @throws PostgresException       for any other failure
     */
    public Connection connect() {
        try {
            return DriverManager.getConnection(jdbcUrl(), connectProperties());
        } catch (SQLException e) {
            throw Errors.translate(e, "Could not connect to PostgreSQL as " + describe());
        }
    }

    /**
     * Describes the target; no password, no properties.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "ConnectionSpec[" + describe() + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
