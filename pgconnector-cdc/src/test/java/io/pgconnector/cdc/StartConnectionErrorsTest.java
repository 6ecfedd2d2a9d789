package io.pgconnector.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.PostgresException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener that cannot connect at start fails with the client's own exception for the same settings, as the cause
 * of its {@link CdcException}: {@link AuthenticationException} for a wrong password, {@link ConnectionException} for
 * a port nobody listens on (regression: CDC start-up reported these as a bare CdcException, unlike the client).
 */
@Timeout(60)
class StartConnectionErrorsTest extends CdcTestBase {

    record Row(int id) {
    }

    @Test
    void aWrongPasswordIsTheClientsAuthenticationException(PostgresDatabase db) {
        CdcListener listener = CdcTestSupport.listener(db, "start_bad_pw").password("not-the-password").build();
        listener.attach(Row.class, new CdcService<>() { });
        Throwable thrown = catchStart(listener);
        assertThat(thrown).isInstanceOf(CdcException.class).hasMessageNotContaining("not-the-password");
        assertThat(thrown.getCause()).isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining("not-the-password");

        // The same settings give the client the same exception type and SQLSTATE.
        PostgresException fromClient = catchBuild(PostgresClient.builder().host(db.host()).port(db.port())
                .database(db.database()).username(db.username()).password("not-the-password"));
        assertThat(fromClient).isInstanceOf(AuthenticationException.class);
        assertThat(((PostgresException) thrown.getCause()).sqlState()).isEqualTo(fromClient.sqlState());
        assertThat(listener.isLive()).isFalse();
    }

    @Test
    void anUnreachablePortIsTheClientsConnectionException(PostgresDatabase db) throws IOException {
        int closedPort = closedPort();
        CdcListener listener = CdcTestSupport.listener(db, "start_no_server").port(closedPort)
                .startTimeout(Duration.ofSeconds(30)).build();
        listener.attach(Row.class, new CdcService<>() { });
        Throwable thrown = catchStart(listener);
        assertThat(thrown).isInstanceOf(CdcException.class).hasMessageContaining(":" + closedPort);
        assertThat(thrown.getCause()).isInstanceOf(ConnectionException.class);
        assertThat(((PostgresException) thrown).isConnectionError()).isTrue();

        PostgresException fromClient = catchBuild(PostgresClient.builder().host(db.host()).port(closedPort)
                .database(db.database()).username(db.username()).password(db.password()));
        assertThat(fromClient).isInstanceOf(ConnectionException.class);
        assertThat(((PostgresException) thrown.getCause()).sqlState()).isEqualTo(fromClient.sqlState());
        assertThat(listener.isLive()).isFalse();
    }

    private static Throwable catchStart(CdcListener listener) {
        try {
            listener.start();
        } catch (PostgresException e) {
            return e;
        }
        listener.stop();
        throw new AssertionError("the listener started");
    }

    private static PostgresException catchBuild(PostgresClient.Builder builder) {
        try (PostgresClient unexpected = builder.build()) {
            throw new AssertionError("the client connected: " + unexpected);
        } catch (PostgresException e) {
            return e;
        }
    }

    /** A loopback port that was free a moment ago and has no listener. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
