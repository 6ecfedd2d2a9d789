package io.pgconnector.cdc;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/** A CDC test class: its own database on the shared logical-replication server, and a client for it. */
@WithPostgres
@Timeout(120)
abstract class CdcTestBase {
    /** How long a test waits for events to arrive. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static PostgresClient client;

    @BeforeAll
    static void connect(PostgresDatabase db) {
        client = CdcTestSupport.client(db);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }
}
