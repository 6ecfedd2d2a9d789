package io.pgconnector.benchmarks;

import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections for the contenders: the client with a pool, raw pgjdbc with plain connections. */
final class Db {
    private Db() {
    }

    static PostgresClient client(EmbeddedPostgres server, int poolSize) {
        return settings(server)
                .pool(PoolOptions.builder().maxOpenConnections(poolSize).minIdleConnections(poolSize).build())
                .build();
    }

    static PostgresClient.Builder settings(EmbeddedPostgres server) {
        return PostgresClient.builder().host(server.host()).port(server.port()).username(server.username())
                .password(server.password()).database("postgres");
    }

    /** A bare HikariCP pool of raw pgjdbc connections, sized like the client's pool. */
    static com.zaxxer.hikari.HikariDataSource hikari(EmbeddedPostgres server, int poolSize) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(server.jdbcUrl("postgres"));
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    static Connection jdbc(EmbeddedPostgres server, String... extraProperties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", server.username());
        p.setProperty("password", server.password());
        for (int i = 0; i + 1 < extraProperties.length; i += 2) {
            p.setProperty(extraProperties[i], extraProperties[i + 1]);
        }
        return DriverManager.getConnection(server.jdbcUrl("postgres"), p);
    }
}
