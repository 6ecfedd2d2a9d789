package io.pgconnector.pipeline.tls;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.TlsFiles;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.AuthenticationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client-certificate authentication ({@code hostssl ... clientcert=verify-full}) on pipelined connections. */
@WithPostgres(clientCertRequired = true)
@Timeout(60)
class PipelinedClientCertificateTest {
    static EmbeddedPostgres server;
    static TlsFiles files;

    @BeforeAll
    static void tlsServer(EmbeddedPostgres pg) {
        server = pg;
        files = pg.tlsFiles().orElseThrow();
    }

    private static TlsOptions.Builder verifyFull() {
        return TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert());
    }

    private static void assertAuthenticatedByCertificate(TlsOptions tls) {
        try (PostgresClient client = PipelinedTls.open(server, "localhost", tls)) {
            assertThat(PipelinedTls.encrypted(client)).isTrue();
            assertThat(PipelinedTls.pipelined(client,
                    "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()", String.class))
                    .contains("CN=postgres");
        }
    }

    @Test
    void pemCertificateWithEncryptedKey() {
        assertAuthenticatedByCertificate(verifyFull()
                .clientCertificate(files.clientCert(), files.clientKeyEncrypted(), files.clientKeyPassword()).build());
    }

    @Test
    void pemCertificateWithUnencryptedKey() {
        assertAuthenticatedByCertificate(verifyFull().clientCertificate(files.clientCert(), files.clientKey(), null)
                .build());
    }

    @Test
    void pkcs12KeyStore() {
        assertAuthenticatedByCertificate(verifyFull()
                .clientKeyStore(files.clientKeyStore(), files.clientKeyStorePassword()).build());
    }

    @Test
    void noClientCertificateIsRefusedByTheServer() {
        assertThatThrownBy(() -> PipelinedTls.open(server, "localhost", verifyFull().build()).close())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("requires a valid client certificate")
                .hasMessageContaining("TlsOptions.Builder.clientCertificate")
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class));
    }
}
