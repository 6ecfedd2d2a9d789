package io.pgconnector.client.tls;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.TlsFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/** A test class against the TLS server its {@code @WithPostgres} names, with that server's certificate files. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class TlsServerTest {
    static EmbeddedPostgres server;
    static TlsFiles files;

    @BeforeAll
    static void tlsServer(EmbeddedPostgres pg) {
        server = pg;
        files = pg.tlsFiles().orElseThrow();
    }
}
