package io.pgconnector.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.client.internal.Errors;
import io.pgconnector.client.internal.tls.PgConnectorSslFactory;
import io.pgconnector.client.internal.tls.TlsProperties;
import io.pgconnector.embedded.junit.WithPostgres;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building {@link TlsOptions}: validation of files and passwords, the pgjdbc properties, and what is shown. */
@WithPostgres(tls = true)
class TlsOptionsTest extends TlsServerTest {

    @Test
    void defaultIsPreferWithoutFiles() {
        assertThat(TlsOptions.defaults().mode()).isEqualTo(TlsMode.PREFER);
        assertThat(ClientOptions.builder().build().tls()).isEqualTo(TlsOptions.defaults());
        assertThat(TlsProperties.of(TlsOptions.defaults())).containsOnlyKeys("sslmode", "sslfactory")
                .containsEntry("sslmode", "prefer");
    }

    @Test
    void disableSendsOnlyTheMode() {
        assertThat(TlsProperties.of(TlsOptions.builder().mode(TlsMode.DISABLE).rootCertificate(files.caCert())
                .clientCertificate(files.clientCert(), files.clientKeyEncrypted(), files.clientKeyPassword()).build()
                )).isEqualTo(Map.of("sslmode", "disable"));
    }

    @Test
    void driverPropertiesForPemAndPkcs12() {
        TlsOptions pem = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert())
                .clientCertificate(files.clientCert(), files.clientKeyEncrypted(), files.clientKeyPassword()).build();
        assertThat(TlsProperties.of(pem)).isEqualTo(Map.of(
                "sslmode", "verify-full",
                "sslfactory", PgConnectorSslFactory.class.getName(),
                "sslrootcert", files.caCert().toAbsolutePath().toString(),
                "sslcert", files.clientCert().toAbsolutePath().toString(),
                "sslkey", files.clientKeyEncrypted().toAbsolutePath().toString(),
                "sslpassword", files.clientKeyPassword()));
        TlsOptions p12 = TlsOptions.builder().mode(TlsMode.REQUIRE)
                .clientKeyStore(files.clientKeyStore(), files.clientKeyStorePassword()).build();
        assertThat(TlsProperties.of(p12)).containsEntry("sslkey", files.clientKeyStore().toString())
                .doesNotContainKey("sslcert");
        assertThat(p12.hasKeyPassword()).isTrue();
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        Path relative = Path.of("").toAbsolutePath().relativize(files.caCert().toAbsolutePath());
        TlsOptions tls = TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(relative).build();
        assertThat(tls.rootCertificate()).isAbsolute().isEqualTo(files.caCert().toAbsolutePath().normalize());
    }

    @Test
    void passwordsAreNeverShown() {
        TlsOptions pem = TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(files.caCert())
                .clientCertificate(files.clientCert(), files.clientKeyEncrypted(), files.clientKeyPassword()).build();
        TlsOptions p12 = TlsOptions.builder().clientKeyStore(files.clientKeyStore(), files.clientKeyStorePassword())
                .build();
        Secrets.assertNotShown(pem, files.clientKeyPassword());
        Secrets.assertNotShown(p12, files.clientKeyStorePassword());
        Secrets.assertNotShown(ClientOptions.builder().tls(pem).build(), files.clientKeyPassword());
        assertThat(pem.toString()).contains("keyPassword=****");
        PostgresClient.Builder b = PostgresClient.Builder.fromUri("postgresql://u@localhost/db?sslmode=verify-full"
                + "&sslrootcert=" + files.caCert() + "&sslcert=" + files.clientCert() + "&sslkey="
                + files.clientKeyEncrypted() + "&sslpassword=" + files.clientKeyPassword());
        assertThat(b.options().tls()).isEqualTo(pem);
        Secrets.assertNotShown(b.options(), files.clientKeyPassword());
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.crt");
        assertThatThrownBy(() -> TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(missing).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The root certificate file " + missing + " does not exist");
        Path key = dir.resolve("nope.key");
        assertThatThrownBy(() -> TlsOptions.builder().clientCertificate(files.clientCert(), key, "secret").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The client key file " + key + " does not exist");
        Path p12 = dir.resolve("nope.p12");
        assertThatThrownBy(() -> TlsOptions.builder().clientKeyStore(p12, "secret").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The client key store file " + p12 + " does not exist");
        assertThatThrownBy(() -> PostgresClient.Builder.fromUri("postgresql://u@localhost/db?sslmode=verify-full"
                + "&sslrootcert=" + missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void verifyModeWithoutRootCertificateFailsToConnectNamingLibpqDefault() {
        Path libpqDefault = Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
        assumeThat(Files.exists(libpqDefault)).isFalse();
        TlsOptions tls = TlsOptions.of(TlsMode.VERIFY_FULL);
        assertThat(tls.rootCertificate()).isNull();
        assertThatThrownBy(() -> TlsClients.connect(server, tls).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("VERIFY_FULL checks the server's certificate, so it needs a root certificate")
                .hasMessageContaining("~/.postgresql/root.crt");
    }

    @Test
    void wrongFileKindsAreExplained(@TempDir Path dir) throws Exception {
        Path traditional = Files.writeString(dir.resolve("rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                        + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsOptions.builder().clientCertificate(files.clientCert(), traditional, null)
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("traditional OpenSSL format")
                .hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> TlsOptions.builder().mode(TlsMode.VERIFY_CA).rootCertificate(files.clientKey())
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The root certificate file " + files.clientKey());
        assertThatThrownBy(() -> TlsOptions.builder().clientCertificate(files.caCert(), files.clientKey(), null)
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The client key " + files.clientKey() + " does not belong to the client certificate "
                        + files.caCert());
        assertThatThrownBy(() -> TlsOptions.builder().clientCertificate(files.clientCert(), files.clientKeyStore(),
                "x").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("use TlsOptions.Builder.clientKeyStore");
    }

    /** pgjdbc's own refusals, in case they arrive without our certificate check's cause. */
    @Test
    void driverTlsMessagesAreTranslated() {
        PostgresException noTls = Errors.translate(new PSQLException("The server does not support SSL.",
                PSQLState.CONNECTION_REJECTED), "Could not connect to PostgreSQL as u@h:5432/db");
        assertThat(noTls.getMessage()).startsWith("Could not connect to PostgreSQL as u@h:5432/db: The server does "
                + "not accept TLS connections");
        assertThat(noTls.isConnectionError()).isTrue();
        PostgresException host = Errors.translate(new PSQLException("The hostname 10.0.0.7 could not be verified by "
                + "hostnameverifier PgjdbcHostnameVerifier.", PSQLState.CONNECTION_FAILURE), null);
        assertThat(host.getMessage()).contains("does not name 10.0.0.7");
        PostgresException alert = Errors.translate(new PSQLException("SSL error: Received fatal alert: unknown_ca",
                PSQLState.CONNECTION_FAILURE, new javax.net.ssl.SSLHandshakeException(
                        "Received fatal alert: unknown_ca")), null);
        assertThat(alert.getMessage()).contains("the server refused the client certificate (TLS alert unknown_ca)");
    }
}
