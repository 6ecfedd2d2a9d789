package io.pgconnector.pipeline.tls;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.pipeline.PipelinedClient;
import io.pgconnector.pipeline.internal.PipelinedCount;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Opens pipelined clients against TLS test servers and reads, on a pipelined connection, whether it is encrypted. */
final class PipelinedTls {
    private PipelinedTls() {
    }

    static PostgresClient open(EmbeddedPostgres server, String host, TlsOptions tls) {
        return PipelinedClient.open(PostgresClient.builder().host(host).port(server.port())
                .username(server.username()).password(server.password()).database("postgres")
                .options(ClientOptions.builder().tls(tls).connectTimeout(Duration.ofSeconds(10)).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(10)).build()), 2);
    }

    /** Runs {@code sql} (one row, one column) and checks that it went through the pipelined engine. */
    static <T> T pipelined(PostgresClient client, String sql, Class<T> type) {
        long before = PipelinedCount.of(client);
        T value = client.queryRow(Sql.of(sql), type);
        assertThat(PipelinedCount.of(client)).as("ran on the pipelined engine").isEqualTo(before + 1);
        return value;
    }

    static boolean encrypted(PostgresClient client) {
        return pipelined(client, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class);
    }
}
