package io.pgconnector.pipeline.internal;

import io.pgconnector.client.PostgresClient;

/** For tests: how many statements a pipelined client (not observed) ran on its pipelined engine. */
public final class PipelinedCount {
    private PipelinedCount() {
    }

    /**
     * Returns the count.
     *
     * @param client a client from {@code PipelinedClient.open} without an observer
     * @return statements run on the pipelined engine since it opened
     */
    public static long of(PostgresClient client) {
        return ((PipelinedOperations) client).pipelinedStatements();
    }
}
