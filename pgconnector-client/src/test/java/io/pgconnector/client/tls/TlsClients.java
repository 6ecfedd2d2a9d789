package io.pgconnector.client.tls;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.time.Duration;

/** Builds small clients against test servers with given TLS options, and reads whether a session is encrypted. */
final class TlsClients {
    static final String ENCRYPTED = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    private TlsClients() {
    }

    static PostgresClient connect(EmbeddedPostgres server, String host, TlsOptions tls) {
        return PostgresClient.builder()
                .host(host)
                .port(server.port())
                .username(server.username())
                .password(server.password())
                .database("postgres")
                .options(ClientOptions.builder().tls(tls).connectTimeout(Duration.ofSeconds(10)).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(10)).build())
                .build();
    }

    static PostgresClient connect(EmbeddedPostgres server, TlsOptions tls) {
        return connect(server, "localhost", tls);
    }

    static boolean encrypted(PostgresClient client) {
        return client.queryRow(Sql.of(ENCRYPTED), Boolean.class);
    }
}
