package io.pgconnector.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.junit.WithPostgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client-certificate authentication ({@code hostssl ... clientcert=verify-full}) with every key format. */
@WithPostgres(clientCertRequired = true)
class ClientCertificateTest extends TlsServerTest {
    private static final String WRONG_PASSWORD = "not-the-Key-Password-42";

    private static TlsOptions.Builder verifyFull() {
        return TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert());
    }

    private static void assertAuthenticatedByCertificate(TlsOptions tls) {
        try (PostgresClient client = TlsClients.connect(server, tls)) {
            assertThat(TlsClients.encrypted(client)).isTrue();
            assertThat(client.queryRow(Sql.of("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"),
                    String.class)).contains("CN=postgres");
        }
    }

    @Test
    void pkcs12KeyStore() {
        TlsOptions tls = verifyFull().clientKeyStore(files.clientKeyStore(), files.clientKeyStorePassword()).build();
        assertAuthenticatedByCertificate(tls);
        Secrets.assertNotShown(tls, files.clientKeyStorePassword());
    }

    @Test
    void pemCertificateWithEncryptedPkcs8Key() {
        TlsOptions tls = verifyFull()
                .clientCertificate(files.clientCert(), files.clientKeyEncrypted(), files.clientKeyPassword()).build();
        assertAuthenticatedByCertificate(tls);
        Secrets.assertNotShown(tls, files.clientKeyPassword());
    }

    @Test
    void pemCertificateWithUnencryptedPkcs8Key() {
        assertAuthenticatedByCertificate(verifyFull().clientCertificate(files.clientCert(), files.clientKey(), null)
                .build());
    }

    @Test
    void derPkcs8Key(@TempDir Path dir) throws Exception {
        String pem = Files.readString(files.clientKey());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        Path pk8 = Files.write(dir.resolve("client.pk8"), der);
        assertAuthenticatedByCertificate(verifyFull().clientCertificate(files.clientCert(), pk8, null).build());
    }

    @Test
    void encryptedKeyThroughUri() {
        String uri = "postgresql://postgres:postgres@localhost:" + server.port() + "/postgres?sslmode=verify-full"
                + "&sslrootcert=" + enc(files.caCert()) + "&sslcert=" + enc(files.clientCert())
                + "&sslkey=" + enc(files.clientKeyEncrypted()) + "&sslpassword=" + enc(files.clientKeyPassword());
        try (PostgresClient client = PostgresClient.fromUri(uri)) {
            assertThat(TlsClients.encrypted(client)).isTrue();
        }
    }

    @Test
    void wrongKeyPasswordFailsAtBuildNamingTheFile() {
        assertThatThrownBy(() -> verifyFull()
                .clientCertificate(files.clientCert(), files.clientKeyEncrypted(), WRONG_PASSWORD).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Cannot decrypt the client key " + files.clientKeyEncrypted()
                        + ": the key password is wrong")
                .satisfies(e -> Secrets.assertNotShown(e, WRONG_PASSWORD, files.clientKeyPassword()));
    }

    @Test
    void wrongKeyPasswordThroughUriFailsWithoutShowingIt() {
        String uri = "postgresql://postgres:postgres@localhost:" + server.port() + "/postgres?sslmode=verify-full"
                + "&sslrootcert=" + enc(files.caCert()) + "&sslcert=" + enc(files.clientCert())
                + "&sslkey=" + enc(files.clientKeyEncrypted()) + "&sslpassword=" + WRONG_PASSWORD;
        assertThatThrownBy(() -> PostgresClient.fromUri(uri).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(files.clientKeyEncrypted().toString())
                .hasMessageContaining("the key password is wrong")
                .satisfies(e -> Secrets.assertNotShown(e, WRONG_PASSWORD));
    }

    @Test
    void wrongKeyStorePasswordFailsAtBuildNamingTheFile() {
        assertThatThrownBy(() -> verifyFull().clientKeyStore(files.clientKeyStore(), WRONG_PASSWORD).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(files.clientKeyStore().toString())
                .hasMessageContaining("the key store password is wrong")
                .satisfies(e -> Secrets.assertNotShown(e, WRONG_PASSWORD, files.clientKeyStorePassword()));
    }

    @Test
    void encryptedKeyWithoutPasswordFailsAtBuild() {
        assertThatThrownBy(() -> verifyFull().clientCertificate(files.clientCert(), files.clientKeyEncrypted(), null)
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(files.clientKeyEncrypted() + " is encrypted; give its password");
    }

    @Test
    void noClientCertificateIsRefusedByTheServer() {
        assertThatThrownBy(() -> TlsClients.connect(server, verifyFull().build()).close())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("requires a valid client certificate")
                .hasMessageContaining("TlsOptions.Builder.clientCertificate");
    }

    /**
     * A certificate the server's CA did not issue: the server ends the handshake, and the message says so. Regression:
     * with TLS 1.3 the refusal raced into "SSL error: Broken pipe" with no hint.
     */
    @Test
    void untrustedClientCertificateIsRefusedByTheServer(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("self-signed.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "user", "-dname", "CN=postgres", "-keyalg", "EC", "-validity", "2")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        TlsOptions tls = verifyFull().clientKeyStore(store, "changeit").build();
        assertThatThrownBy(() -> TlsClients.connect(server, tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("TLS handshake failed")
                // TLS 1.3: an alert (unknown_ca) or, racing it, a reset/broken pipe; both messages point here.
                .hasMessageContaining("refused the client certificate")
                .hasMessageContaining("ssl_ca_file");
    }

    private static String enc(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }
}
