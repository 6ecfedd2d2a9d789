package io.pgconnector.notify;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static io.pgconnector.notify.NotifyTests.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener connects with the client's TLS settings, verification included. */
@WithPostgres(tls = true)
@Timeout(60)
class NotifyTlsTest {

    static PostgresClient.Builder settings(EmbeddedPostgres server, String host) {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL)
                .rootCertificate(server.tlsFiles().orElseThrow().caCert()).build();
        return PostgresClient.builder().host(host).port(server.port()).username(server.username())
                .password(server.password()).database("postgres")
                .options(ClientOptions.builder().tls(tls).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1).build());
    }

    @Test
    void listenerConnectionIsEncryptedAndVerified(EmbeddedPostgres server) throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (PostgresClient client = settings(server, "localhost").build();
             NotificationListener listener = NotifyTests.listener(settings(server, "localhost"))) {
            listener.listen("secure", got::add);
            int pid = listener.backendPid().orElseThrow();
            assertThat(client.queryRow(Sql.of("SELECT ssl FROM pg_stat_ssl WHERE pid = ?", pid), Boolean.class))
                    .isTrue();
            client.notify("secure", "over TLS");
            assertThat(next(got).payload()).isEqualTo("over TLS");
        }
        assertThatThrownBy(() -> NotifyTests.listener(settings(server, "127.0.0.1")).close())
                .isInstanceOf(ConnectionException.class).hasMessageContaining("VERIFY_FULL checks the host name");
    }
}
