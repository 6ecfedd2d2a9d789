package io.pgconnector.client.internal.net;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** A TLS session runs over a watched socket too, and times out as with the kernel's timeout. */
@WithPostgres(tls = true)
@Timeout(60)
class WatchedSocketTlsTest {
    private static final Sql SLEEP = Sql.of("SELECT pg_sleep(5)");
    private static final Sql ENCRYPTED = Sql.of("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");

    @Test
    void aTlsReadPastTheSocketTimeoutFailsAsWithTheKernels(PostgresDatabase db) {
        TlsOptions tls = TlsOptions.of(TlsMode.REQUIRE);
        try (PostgresClient watched = WatchedSocketTest.oneSecond(db, ClientOptions.builder().tls(tls)).build();
             PostgresClient kernel = WatchedSocketTest.kernelTimeout(db, ClientOptions.builder().tls(tls)).build()) {
            assertThat(watched.queryRow(ENCRYPTED, Boolean.class)).isTrue();
            assertThat(kernel.queryRow(ENCRYPTED, Boolean.class)).isTrue();
            assertThat(WatchedSockets.of(WatchedSockets.clientPort(watched))).isPresent();
            assertThat(WatchedSockets.of(WatchedSockets.clientPort(kernel))).isEmpty();

            WatchedSockets.Failure byWatchdog = WatchedSockets.failure(() -> watched.queryRow(SLEEP, Object.class));
            WatchedSockets.Failure byKernel = WatchedSockets.failure(() -> kernel.queryRow(SLEEP, Object.class));
            WatchedSocketTest.assertSameTimeout(byWatchdog, byKernel);

            assertThat(watched.queryRow(ENCRYPTED, Boolean.class)).isTrue();
            assertThat(WatchedSockets.of(WatchedSockets.clientPort(watched))).isPresent();
        }
    }
}
