package io.pgconnector.client.replicas;

import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.EmbeddedStandby;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stops a primary, so it starts its own pair rather than the shared server. */
@Timeout(180)
class FailoverTest {

    @Test
    void afterPromotionWritesReachTheNewPrimaryWithinFiveSeconds() {
        try (EmbeddedPostgres primary = EmbeddedPostgres.startDefault();
             EmbeddedStandby standby = primary.startStandby();
             PostgresClient client = PostgresClient.builder()
                     .hosts(List.of(primary.host() + ":" + primary.port()))
                     .replicas(List.of(standby.server().host() + ":" + standby.server().port()))
                     .username(primary.username()).password(primary.password()).database("postgres")
                     .pool(PoolOptions.builder().maxOpenConnections(4).minIdleConnections(1)
                             .connectionTimeout(Duration.ofSeconds(2)).build())
                     .build()) {
            client.execute(Sql.of("CREATE TABLE orders (id bigint PRIMARY KEY)"));
            client.execute(Sql.of("INSERT INTO orders VALUES (1)"));
            standby.awaitReplay(Duration.ofSeconds(30));

            primary.stop();
            standby.promote();

            // The old primary's pooled connections fail and are evicted; the write pool finds the promoted server by
            // its role, although it is listed second.
            ReplicaClients.await(Duration.ofSeconds(5),
                    () -> client.execute(Sql.of("INSERT INTO orders VALUES (2)")).affectedRowCount());
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM orders"), Long.class)).isEqualTo(2L);
            assertThat(client.queryRow(Sql.of("SELECT inet_server_port()"), Integer.class))
                    .isEqualTo(standby.server().port());
        }
    }
}
