package io.pgconnector.pipeline.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.pipeline.PipelinedClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipelined engine's connections take the builder's servers, in order, and its connect timeout. */
@WithPostgres
@Timeout(60)
class PipelinedConnectTest {

    /** A port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void firstHostDownTheNextServes(PostgresDatabase db) throws IOException {
        int down = closedPort();
        PostgresClient.Builder b = TestClients.builder(db)
                .hosts(List.of("localhost:" + down, "localhost:" + db.port()));
        try (PostgresClient client = PipelinedClient.open(b, 2)) {
            long before = PipelinedCount.of(client);
            for (int i = 0; i < 4; i++) {
                assertThat(client.queryRow(Sql.of("SELECT inet_server_port()"), Integer.class)).isEqualTo(db.port());
            }
            assertThat(PipelinedCount.of(client)).isEqualTo(before + 4);
        }
    }

    @Test
    void everyHostDownFailsNamingThem(PostgresDatabase db) throws IOException {
        int down1 = closedPort();
        int down2 = closedPort();
        PostgresClient.Builder b = TestClients.builder(db)
                .hosts(List.of("localhost:" + down1, "127.0.0.1:" + down2));
        assertThatThrownBy(() -> PipelinedClient.open(b, 1).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("Could not connect to PostgreSQL as")
                .hasMessageContaining("localhost:" + down1)
                .hasMessageContaining("127.0.0.1:" + down2)
                .hasMessageContaining("refused");
    }

    @Test
    void targetServerTypeIsHonoured(PostgresDatabase db) throws IOException {
        int down = closedPort();
        List<String> hosts = List.of("localhost:" + down, "localhost:" + db.port());
        PostgresClient.Builder primary = TestClients.builder(db).hosts(hosts)
                .options(ClientOptions.builder().driverProperty("targetServerType", "primary").build());
        try (PostgresClient client = PipelinedClient.open(primary, 1)) {
            assertThat(client.queryRow(Sql.of("SELECT pg_is_in_recovery()"), Boolean.class)).isFalse();
            assertThat(PipelinedCount.of(client)).isPositive();
        }
        // The only server that answers is a primary: no standby to be found.
        PostgresClient.Builder standby = TestClients.builder(db).hosts(hosts)
                .options(ClientOptions.builder().driverProperty("targetServerType", "secondary").build());
        assertThatThrownBy(() -> PipelinedClient.open(standby, 1).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("localhost:" + db.port() + " is not a standby (targetServerType)");
    }

    /** The JDBC engine's words when TLS is required and the server has it off. */
    @Test
    void requireAgainstAServerWithoutTls(PostgresDatabase db) {
        PostgresClient.Builder b = TestClients.builder(db).options(ClientOptions.builder()
                .tls(io.pgconnector.client.TlsOptions.of(io.pgconnector.client.TlsMode.REQUIRE)).build());
        assertThatThrownBy(() -> PipelinedClient.open(b, 1).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("does not accept TLS connections");
    }

    @Test
    void connectTimeoutAndKeepAliveAreTheClientOptions(PostgresDatabase db) {
        PipelinedConnect defaults = PipelinedConnect.of(TestClients.builder(db), 256);
        assertThat(defaults.net.getConnectTimeout())
                .isEqualTo((int) ClientOptions.defaults().connectTimeout().toMillis());
        assertThat(defaults.net.isTcpKeepAlive()).isEqualTo(ClientOptions.defaults().tcpKeepAlive());
        PipelinedConnect set = PipelinedConnect.of(TestClients.builder(db).options(ClientOptions.builder()
                .connectTimeout(Duration.ofMillis(2500)).tcpKeepAlive(false).build()), 256);
        assertThat(set.net.getConnectTimeout()).isEqualTo(2500);
        assertThat(set.net.isTcpKeepAlive()).isFalse();
    }

    @Test
    void serversAreReadFromTheBuilder(PostgresDatabase db) {
        PipelinedConnect c = PipelinedConnect.of(TestClients.builder(db)
                .hosts(List.of("a.example:5433", "[::1]:5434", "b.example")), 256);
        assertThat(c.servers).extracting(o -> o.getHost() + " " + o.getPort())
                .containsExactly("a.example 5433", "::1 5434", "b.example 5432");
        assertThat(c.role).isEqualTo(PipelinedConnect.Role.ANY);
    }
}
