package io.pgconnector.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.junit.WithPostgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verify modes against a TLS server whose certificate names DNS {@code localhost} only: the chain is checked
 * against the root certificate, and VERIFY_FULL also checks the host name.
 */
@WithPostgres(tls = true)
class ServerCertificateTest extends TlsServerTest {

    @Test
    void verifyFullAcceptsTheNamedHost() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert()).build();
        try (PostgresClient client = TlsClients.connect(server, "localhost", tls)) {
            assertThat(TlsClients.encrypted(client)).isTrue();
        }
    }

    @Test
    void verifyFullRefusesAnAddressTheCertificateDoesNotName() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert()).build();
        assertThatThrownBy(() -> TlsClients.connect(server, "127.0.0.1", tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("the server's certificate is for DNS:localhost, not for 127.0.0.1")
                .hasMessageContaining("VERIFY_FULL checks the host name");
    }

    @Test
    void verifyCaDoesNotCheckTheHostName() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(files.caCert()).build();
        try (PostgresClient client = TlsClients.connect(server, "127.0.0.1", tls)) {
            assertThat(TlsClients.encrypted(client)).isTrue();
        }
    }

    @Test
    void verifyCaRefusesACertificateFromAnotherCa() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(files.otherCaCert()).build();
        assertThatThrownBy(() -> TlsClients.connect(server, tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("is not signed by a CA in the root certificate file " + files.otherCaCert())
                .hasMessageContaining("unknown CA");
    }

    @Test
    void verifyFullRefusesACertificateFromAnotherCa() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.otherCaCert())
                .build();
        assertThatThrownBy(() -> TlsClients.connect(server, tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("unknown CA");
    }

    /** REQUIRE encrypts without checking, even with a root certificate set (libpq would check; documented). */
    @Test
    void requireDoesNotCheckTheCertificate() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.REQUIRE).rootCertificate(files.otherCaCert()).build();
        try (PostgresClient client = TlsClients.connect(server, "127.0.0.1", tls)) {
            assertThat(TlsClients.encrypted(client)).isTrue();
        }
    }

    @Test
    void uriWithVerifyFull() {
        String query = "?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(files.caCert().toString(), StandardCharsets.UTF_8);
        String uri = "postgresql://postgres:postgres@localhost:" + server.port() + "/postgres" + query;
        try (PostgresClient client = PostgresClient.fromUri(uri)) {
            assertThat(TlsClients.encrypted(client)).isTrue();
        }
        String byAddress = "postgresql://postgres:postgres@127.0.0.1:" + server.port() + "/postgres" + query;
        assertThatThrownBy(() -> PostgresClient.fromUri(byAddress).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("not for 127.0.0.1");
    }

    @Test
    void environmentWithVerifyFull() {
        Map<String, String> env = Map.of("PGHOST", "localhost", "PGPORT", Integer.toString(server.port()),
                "PGUSER", "postgres", "PGPASSWORD", "postgres", "PGDATABASE", "postgres",
                "PGSSLMODE", "verify-full", "PGSSLROOTCERT", files.caCert().toString());
        PostgresClient.Builder builder = PostgresClient.Builder.fromEnvironment(env);
        assertThat(builder.options().tls().mode()).isEqualTo(TlsMode.VERIFY_FULL);
        try (PostgresClient client = builder.pool(builder.pool().toBuilder().maxOpenConnections(2)
                .minIdleConnections(1).connectionTimeout(Duration.ofSeconds(10)).build()).build()) {
            assertThat(TlsClients.encrypted(client)).isTrue();
        }
    }
}
