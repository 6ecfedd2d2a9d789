package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.TlsFiles;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CDC listener over TLS VERIFY_FULL against a server that accepts TLS only ({@code hostssl} lines, for normal and
 * replication connections): a change streams and the walsender session is encrypted, and a wrong root certificate
 * fails {@code start()} fast. Regression for issue 6 (the reference connector's CDC TLS settings are silently
 * ignored, so the replication connection would go out in plain text or be refused).
 */
@Timeout(180)
class CdcTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "tls-Secret-7781";

    record Item(long id, String name, BigDecimal price, OffsetDateTime at) {
    }

    private static EmbeddedPostgres server;
    private static TlsFiles files;
    private static PostgresClient client;

    @BeforeAll
    static void setUp() {
        server = EmbeddedPostgres.builder().logicalReplication(true).tls(true).tlsRequired(true)
                .password(PASSWORD).start();
        files = server.tlsFiles().orElseThrow();
        client = PostgresClient.builder().host("localhost").port(server.port()).database("postgres")
                .username(server.username()).password(server.password())
                .options(ClientOptions.builder().tls(verifyFull(files.caCert())).build())
                .build();
        exec(client, "CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(10,2), at timestamptz)");
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static TlsOptions verifyFull(Path root) {
        return TlsOptions.builder().mode(TlsMode.VERIFY_FULL).rootCertificate(root).build();
    }

    private static CdcListener.Builder listener(String slot, Path root) {
        return CdcListener.builder()
                .host("localhost").port(server.port()).database("postgres")
                .username(server.username()).password(server.password())
                .slotName(slot).publicationName(slot)
                .offsetStorage(OffsetStorage.memory())
                .tls(verifyFull(root))
                .startTimeout(Duration.ofSeconds(60));
    }

    @Test
    void streamsAChangeOverAnEncryptedReplicationConnection() throws Exception {
        Recorder<Item> rec = new Recorder<>();
        CdcListener listener = listener("tls_stream", files.caCert()).build();
        listener.attach(Item.class, rec, "items");
        listener.start();
        try {
            OffsetDateTime at = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000, ZoneOffset.UTC);
            client.execute(Sql.of("INSERT INTO items VALUES (?, ?, ?, ?)", 1L, "über-widget",
                    new BigDecimal("12.50"), at));

            List<Recorder.Event<Item>> events = rec.awaitEvents(1, e -> e.op() == Operation.CREATE, WAIT);
            Item row = events.get(0).after();
            assertThat(row.id()).isEqualTo(1L);
            assertThat(row.name()).isEqualTo("über-widget");
            assertThat(row.price()).isEqualByComparingTo("12.50");
            assertThat(row.at().toInstant()).isEqualTo(at.toInstant());
            assertThat(events.get(0).src().qualifiedTable()).isEqualTo("public.items");

            // The walsender streaming our slot is the replication connection Debezium opened: it must be TLS.
            Boolean walsenderEncrypted = client.queryRow(Sql.of("SELECT s.ssl FROM pg_replication_slots r "
                    + "JOIN pg_stat_ssl s ON s.pid = r.active_pid WHERE r.slot_name = ?", "tls_stream"),
                    Boolean.class);
            assertThat(walsenderEncrypted).isTrue();
            // Every network session is encrypted. Sessions over the Unix socket (client_addr null: the embedded
            // server's own local connections) cannot use TLS and are not the listener's. A session still in
            // 'starting' (PostgreSQL 18 lists backends during start-up, before the TLS handshake is recorded in
            // pg_stat_ssl) has not been authenticated yet: the server's hostssl-only rules refuse it if it stays plain.
            List<String> plainSessions = client.queryList(Sql.of("SELECT a.backend_type || ' '"
                    + " || coalesce(a.application_name, '') || ' ' || host(a.client_addr) FROM pg_stat_activity a "
                    + "JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.backend_type IN ('walsender', 'client backend') "
                    + "AND NOT s.ssl AND a.client_addr IS NOT NULL AND a.state IS DISTINCT FROM 'starting'"),
                    String.class);
            assertThat(plainSessions).isEmpty();
            assertThat(rec.errors()).isEmpty();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void aRootCertificateOfAnotherCaFailsStartFast() {
        CdcListener listener = listener("tls_wrong_ca", files.otherCaCert()).build();
        listener.attach(Item.class, new Recorder<>(), "items");
        assertThatThrownBy(listener::start)
                .isInstanceOf(CdcException.class)
                .hasMessageContaining("certificate could not be verified")
                .hasMessageContaining(files.otherCaCert().toString())
                .hasMessageNotContaining(PASSWORD);
        assertThat(listener.isLive()).isFalse();
    }

    /**
     * The engine's own connections verify too: the pre-start check gets the right root certificate, Debezium's
     * {@code database.sslrootcert} is overridden with another CA's, and the engine refuses the server.
     */
    @Test
    void theEnginesConnectionsVerifyTheCertificate() {
        CdcListener listener = listener("tls_engine_ca", files.caCert())
                .debeziumProperty("database.sslrootcert", files.otherCaCert().toString())
                .build();
        listener.attach(Item.class, new Recorder<>(), "items");
        try {
            assertThatThrownBy(listener::start)
                    .isInstanceOf(CdcException.class)
                    .hasMessageContaining("not signed by a CA in the root certificate file " + files.otherCaCert())
                    .hasMessageNotContaining(PASSWORD);
        } finally {
            listener.dropSlotAndPublication();
        }
    }
}
