package io.pgconnector.pipeline.tls;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.TlsFiles;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.ConnectionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipelined engine's connections check the server's certificate as the JDBC engine's do, with the same messages.
 * The pipelined engine connects before the JDBC engine, so a refusal here is the pipelined engine's.
 */
@WithPostgres(tls = true)
@Timeout(60)
class PipelinedServerCertificateTest {
    static EmbeddedPostgres server;
    static TlsFiles files;

    @BeforeAll
    static void tlsServer(EmbeddedPostgres pg) {
        server = pg;
        files = pg.tlsFiles().orElseThrow();
    }

    @Test
    void verifyFullConnectsToTheNamedHostEncrypted() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert()).build();
        try (PostgresClient client = PipelinedTls.open(server, "localhost", tls)) {
            assertThat(PipelinedTls.encrypted(client)).isTrue();
        }
    }

    @Test
    void verifyCaDoesNotCheckTheHostName() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(files.caCert()).build();
        try (PostgresClient client = PipelinedTls.open(server, "127.0.0.1", tls)) {
            assertThat(PipelinedTls.encrypted(client)).isTrue();
        }
    }

    @Test
    void requireEncryptsWithoutChecking() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.REQUIRE).rootCertificate(files.otherCaCert()).build();
        try (PostgresClient client = PipelinedTls.open(server, "127.0.0.1", tls)) {
            assertThat(PipelinedTls.encrypted(client)).isTrue();
        }
    }

    @Test
    void verifyFullRefusesAnAddressTheCertificateDoesNotName() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert()).build();
        assertThatThrownBy(() -> PipelinedTls.open(server, "127.0.0.1", tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("the server's certificate is for DNS:localhost, not for 127.0.0.1")
                .hasMessageContaining("VERIFY_FULL checks the host name")
                .satisfies(e -> assertThat(e.getCause()).hasMessageStartingWith("The pipelined connection failed"));
    }

    @Test
    void verifyFullRefusesACertificateFromAnotherCa() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.otherCaCert())
                .build();
        assertThatThrownBy(() -> PipelinedTls.open(server, "localhost", tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("Could not connect to PostgreSQL")
                .hasMessageContaining("the server's certificate could not be verified")
                .hasMessageContaining("is not signed by a CA in the root certificate file " + files.otherCaCert())
                .hasMessageContaining("unknown CA")
                .satisfies(e -> assertThat(e.getCause()).hasMessageStartingWith("The pipelined connection failed"));
    }

    @Test
    void verifyCaRefusesACertificateFromAnotherCa() {
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(files.otherCaCert()).build();
        assertThatThrownBy(() -> PipelinedTls.open(server, "127.0.0.1", tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("unknown CA");
    }
}
