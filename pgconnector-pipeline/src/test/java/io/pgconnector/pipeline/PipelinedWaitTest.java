package io.pgconnector.pipeline;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.pipeline.internal.PipelinedCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a caller waits for its pipelined statement: the socket timeout bounds the wait, an interrupt ends it. */
@WithPostgres
@Timeout(60)
class PipelinedWaitTest {

    @Test
    void theSocketTimeoutBoundsTheWaitAndTheClientGoesOn(PostgresDatabase db) {
        try (PostgresClient client = PipelinedClient.open(TestClients.builder(db)
                .options(ClientOptions.builder().socketTimeout(Duration.ofSeconds(4)).build()), 1)) {
            long before = PipelinedCount.of(client);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1::int4 AS x FROM pg_sleep(8)"), Integer.class))
                    .isInstanceOf(PostgresException.class)
                    .hasMessageContaining("No answer from the server within the socket timeout of 4000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            assertThat(PipelinedCount.of(client)).isEqualTo(before + 1);
            // The connection answers again once the slow statement has finished.
            Integer two = null;
            for (int i = 0; i < 5 && two == null; i++) {
                try {
                    two = client.queryRow(Sql.of("SELECT 2::int4 AS x"), Integer.class);
                } catch (PostgresException e) {
                    assertThat(e).hasMessageContaining("socket timeout");
                }
            }
            assertThat(two).isEqualTo(2);
        }
    }

    @Test
    void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt(PostgresDatabase db) {
        try (PostgresClient client = PipelinedClient.open(TestClients.builder(db), 1)) {
            long before = PipelinedCount.of(client);
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1::int4 AS x FROM pg_sleep(1)"),
                        Integer.class))
                        .isInstanceOf(PostgresException.class)
                        .hasMessageContaining("Interrupted while waiting for the server");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(PipelinedCount.of(client)).isEqualTo(before + 1);
            assertThat(client.queryRow(Sql.of("SELECT 3::int4 AS x"), Integer.class)).isEqualTo(3);
        }
    }
}
