package io.pgconnector.types.roundtrip;

import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.pipeline.PipelinedClient;
import io.pgconnector.pipeline.internal.PipelinedCount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole built-in type round-trip suite of the client, with the same expectations, against the pipelined client:
 * every type behaves exactly as on the JDBC engine, whether its statements are pipelined or handed to the JDBC engine.
 */
class PipelinedBuiltInTypesRoundTripTest extends BuiltInTypesRoundTripTest {

    @BeforeAll
    static void usePipelinedClient(PostgresDatabase db) {
        client.close();
        client = PipelinedClient.open(TestClients.builder(db), 2);
    }

    @AfterAll
    static void someStatementsWerePipelined() {
        // Runs before the inherited tearDown closes the client (subclass @AfterAll methods run first).
        assertThat(PipelinedCount.of(client)).isGreaterThan(50);
    }
}
