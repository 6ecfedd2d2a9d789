package io.pgconnector.embedded;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * One database on an {@link EmbeddedPostgres} server, with everything needed to connect to it.
 * Returned by {@link EmbeddedPostgres#createDatabase(String)} and injected by the JUnit extension.
 *
 * @param server the server that holds the database
 * @param database the database name
 */
public record PostgresDatabase(EmbeddedPostgres server, String database) {

    /**
     * Creates the record.
     *
     * @param server the server that holds the database
     * @param database the database name
     * @throws NullPointerException if a component is null
     */
    public PostgresDatabase {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(database, "database");
    }

    /**
     * The host to connect to.
     *
     * @return {@code localhost}
     */
    public String host() {
        return server.host();
    }

    /**
     * The TCP port of the server.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * The superuser name.
     *
     * @return the user name
     */
    public String username() {
        return server.username();
    }

    /**
     * The superuser password.
     *
     * @return the password
     */
    public String password() {
        return server.password();
    }

    /**
     * A pgjdbc URL for this database, without credentials.
     *
     * @return the JDBC URL
     * @see EmbeddedPostgres#jdbcUrl(String)
     */
    public String jdbcUrl() {
        return server.jdbcUrl(database);
    }

    /**
     * A libpq connection URI for this database, with credentials.
     *
     * @return the URI
     * @see EmbeddedPostgres#uri(String)
     */
    public String uri() {
        return server.uri(database);
    }

    /**
     * A data source for this database with the superuser's credentials.
     *
     * @return a new data source
     * @see EmbeddedPostgres#dataSource(String)
     */
    public DataSource dataSource() {
        return server.dataSource(database);
    }

    /**
     * Describes the database without the password.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "PostgresDatabase[" + username() + "@" + host() + ":" + port() + "/" + database + "]";
    }
}
