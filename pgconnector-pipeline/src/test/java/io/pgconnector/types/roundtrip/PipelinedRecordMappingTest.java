package io.pgconnector.types.roundtrip;

import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.pipeline.PipelinedClient;
import org.junit.jupiter.api.BeforeAll;

/** {@link RecordMappingTest}, with the same expectations, against the pipelined client. */
class PipelinedRecordMappingTest extends RecordMappingTest {

    @BeforeAll
    static void usePipelinedClient(PostgresDatabase db) {
        client.close();
        client = PipelinedClient.open(TestClients.builder(db), 2);
    }
}
