package io.pgconnector.client;

import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConnectionException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class ConnectionFailureTest {
    private static final String WRONG_PASSWORD = "not-the-password-4711";

    @Test
    void wrongPasswordFailsAtBuildWithAnAuthenticationError(PostgresDatabase db) {
        assertThatThrownBy(() -> TestClients.builder(db).password(WRONG_PASSWORD).build())
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("28P01");
                    assertThat(e.isAuthenticationError()).isTrue();
                    assertThat(e.getMessage()).contains("password authentication failed")
                            .contains(db.username()).doesNotContain(WRONG_PASSWORD);
                });
    }

    @Test
    void unknownDatabaseFailsAtBuildNamingIt(PostgresDatabase db) {
        assertThatThrownBy(() -> TestClients.builder(db).database("no_such_db").build())
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e).isNotInstanceOf(AuthenticationException.class);
                    assertThat(e.sqlState()).isEqualTo("3D000");
                    assertThat(e.getMessage()).contains("no_such_db");
                });
    }

    @Test
    void unreachablePortFailsAtBuildWithAConnectionError(PostgresDatabase db) throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        int port = freePort;
        assertThatThrownBy(() -> TestClients.builder(db).port(port)
                .options(ClientOptions.builder().connectTimeout(Duration.ofSeconds(2)).build()).build())
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.isConnectionError()).isTrue();
                    assertThat(e.sqlState()).startsWith("08");
                    assertThat(e.getMessage()).contains(Integer.toString(port));
                });
    }

    @Test
    void everyCallOnAClosedClientSaysSo(PostgresDatabase db) {
        PostgresClient client = TestClients.client(db);
        assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
        client.close();
        client.close();
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class))
                .isInstanceOf(ClientClosedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> client.query(Sql.of("SELECT 1")))
                .isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> client.execute(Sql.of("SELECT 1")))
                .isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> client.transaction(tx -> 1))
                .isInstanceOf(ClientClosedException.class);
    }

    @Test
    void passwordNeverAppearsInToString(PostgresDatabase db) {
        PostgresClient.Builder builder = TestClients.builder(db).password("s3cr3t-value");
        assertThat(builder.toString()).doesNotContain("s3cr3t-value").contains("****");
    }
}
