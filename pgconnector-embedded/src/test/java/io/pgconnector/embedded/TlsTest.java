package io.pgconnector.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {

    private static EmbeddedPostgres tls;
    private static EmbeddedPostgres required;
    private static EmbeddedPostgres clientCert;

    @BeforeAll
    static void start() {
        tls = EmbeddedPostgres.builder().tls(true).start();
        required = EmbeddedPostgres.builder().tlsRequired(true).start();
        clientCert = EmbeddedPostgres.builder().clientCertRequired(true).start();
    }

    @AfterAll
    static void stop() {
        for (EmbeddedPostgres pg : new EmbeddedPostgres[] {tls, required, clientCert}) {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @Test
    void tlsConnectionWithSslModeRequire() throws SQLException {
        try (Connection c = Sql.connect(tls.jdbcUrl("postgres") + "?ssl=true&sslmode=require", "postgres",
                "postgres")) {
            assertThat(Sql.query(c, "SHOW ssl")).isEqualTo("on");
            assertThat(Sql.query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
    }

    @Test
    void verifyFullSucceedsForLocalhostOnly() throws SQLException {
        TlsFiles files = tls.tlsFiles().orElseThrow();
        String params = "?sslmode=verify-full&sslrootcert=" + files.caCert();
        try (Connection c = Sql.connect(tls.jdbcUrl("postgres") + params, "postgres", "postgres")) {
            assertThat(Sql.query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
        String byIp = "jdbc:postgresql://127.0.0.1:" + tls.port() + "/postgres" + params;
        assertThatThrownBy(() -> Sql.connect(byIp, "postgres", "postgres").close()).isInstanceOf(SQLException.class);
        String wrongRoot = tls.jdbcUrl("postgres") + "?sslmode=verify-full&sslrootcert=" + files.otherCaCert();
        assertThatThrownBy(() -> Sql.connect(wrongRoot, "postgres", "postgres").close())
                .isInstanceOf(SQLException.class);
        // The data source is configured for verify-full.
        assertThat(Sql.query(tls.dataSource("postgres"), "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                .isEqualTo("t");
    }

    @Test
    void plainConnectionsAreAcceptedUnlessTlsIsRequired() throws SQLException {
        try (Connection c = Sql.connect(tls.jdbcUrl("postgres") + "?sslmode=disable", "postgres", "postgres")) {
            assertThat(Sql.query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("f");
        }
        assertThatThrownBy(() -> Sql.connect(required.jdbcUrl("postgres") + "?sslmode=disable", "postgres",
                "postgres").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28000");
        try (Connection c = Sql.connect(required.jdbcUrl("postgres") + "?sslmode=require", "postgres", "postgres")) {
            assertThat(Sql.query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
    }

    @Test
    void clientCertificateIsDemanded() throws SQLException {
        TlsFiles files = clientCert.tlsFiles().orElseThrow();
        String base = clientCert.jdbcUrl("postgres") + "?sslmode=verify-full&sslrootcert=" + files.caCert();
        assertThatThrownBy(() -> Sql.connect(base, "postgres", "postgres").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28000");
        try (Connection c = Sql.connect(base + "&sslcert=" + files.clientCert() + "&sslkey=" + files.clientKey(),
                "postgres", "postgres")) {
            assertThat(Sql.query(c, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .contains("CN=postgres");
        }
        try (Connection c = Sql.connect(base + "&sslkey=" + files.clientKeyStore(), "postgres", "postgres",
                "sslpassword", files.clientKeyStorePassword())) {
            assertThat(Sql.query(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
        assertThat(Sql.query(clientCert.dataSource("postgres"), "SELECT 1")).isEqualTo("1");
    }

    @Test
    void filesAreWrittenWithSafePermissions() throws Exception {
        TlsFiles files = tls.tlsFiles().orElseThrow();
        assertThat(files.toString()).doesNotContain(files.clientKeyPassword());
        assertThat(Files.getPosixFilePermissions(files.clientKey()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(files.serverCert().resolveSibling("server.key")).exists();
        assertThat(Files.readString(files.clientKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(files.clientKeyEncrypted())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate server;
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(files.serverCert())) {
            server = (X509Certificate) cf.generateCertificate(in);
        }
        try (InputStream in = Files.newInputStream(files.caCert())) {
            ca = (X509Certificate) cf.generateCertificate(in);
        }
        server.verify(ca.getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).hasSize(1)
                .allSatisfy(san -> assertThat(san.toString()).isEqualTo("[2, localhost]"));

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(files.clientKeyStore())) {
            store.load(in, files.clientKeyStorePassword().toCharArray());
        }
        assertThat(store.getKey("user", files.clientKeyStorePassword().toCharArray())).isNotNull();
    }
}
