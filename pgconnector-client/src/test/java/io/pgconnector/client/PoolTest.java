package io.pgconnector.client;

import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.PoolExhaustedException;
import io.pgconnector.errors.PostgresException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class PoolTest {

    private static PostgresClient.Builder twoConnections(PostgresDatabase db) {
        return TestClients.builder(db).pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(0)
                .connectionTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(500)).build());
    }

    @Test
    void openStreamsExhaustThePoolAndTheErrorSaysSoWithinTheTimeout(PostgresDatabase db) {
        try (PostgresClient client = twoConnections(db).build()) {
            List<Stream<Long>> open = new ArrayList<>();
            open.add(client.query(Sql.of("SELECT g FROM generate_series(1, 10) g"), Long.class));
            open.add(client.query(Sql.of("SELECT g FROM generate_series(1, 10) g"), Long.class));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1"), Integer.class))
                    .isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
                        assertThat(e.isConnectionError()).isTrue();
                        assertThat(e.getMessage()).contains("total=2").contains("active=2")
                                .contains("maxOpenConnections");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            open.forEach(Stream::close);
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
            assertThat(client.poolStats().active()).isZero();
        }
    }

    @Test
    void sharedPoolsCloseWithTheirLastClient(PostgresDatabase db) {
        PostgresClient.Builder shared = TestClients.builder(db).pool(PoolOptions.builder().maxOpenConnections(2)
                .minIdleConnections(1).shared(true).build());
        PostgresClient first = shared.build();
        PostgresClient second = shared.build();
        try (Stream<Long> held = first.query(Sql.of("SELECT 1::bigint"), Long.class)) {
            // One pool: a connection held through the first client shows in the second's counters.
            assertThat(second.poolStats().active()).isEqualTo(1);
            assertThat(held.count()).isEqualTo(1);
        }
        first.close();
        assertThat(second.queryRow(Sql.of("SELECT 2"), Integer.class)).isEqualTo(2);
        second.close();
        PostgresClient third = shared.build();
        assertThat(third.queryRow(Sql.of("SELECT 3"), Integer.class)).isEqualTo(3);
        assertThat(third.poolStats().active()).isZero();
        third.close();
    }

    @Test
    void initSqlAndReadOnlyApplyToEveryConnection(PostgresDatabase db) {
        try (PostgresClient client = TestClients.builder(db).pool(PoolOptions.builder().maxOpenConnections(2)
                .minIdleConnections(1).initSql("SET application_name = 'from-init-sql'").readOnly(true).build())
                .build()) {
            assertThat(client.queryRow(Sql.of("SHOW application_name"), String.class)).isEqualTo("from-init-sql");
            assertThatThrownBy(() -> client.execute(Sql.of("CREATE TABLE ro (a int)")))
                    .isInstanceOf(DatabaseException.class)
                    .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("25006");
        }
    }

    @Test
    void timeoutsReachTheDriverInItsOwnUnits(PostgresDatabase db) {
        // socketTimeout of 1.2 s rounds up to 2 s: a 3 s query fails, a 0.5 s one succeeds.
        try (PostgresClient client = TestClients.builder(db)
                .options(ClientOptions.builder().socketTimeout(Duration.ofMillis(1200)).build()).build()) {
            assertThat(client.queryRow(Sql.of("SELECT true FROM pg_sleep(0.5)"), Boolean.class)).isTrue();
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT pg_sleep(3)"), Object.class))
                    .isInstanceOfSatisfying(ConnectionException.class,
                            e -> assertThat(e.isConnectionError()).isTrue());
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
        }
    }
}
