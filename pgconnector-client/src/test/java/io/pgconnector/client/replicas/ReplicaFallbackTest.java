package io.pgconnector.client.replicas;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedStandby;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres(standby = true)
@Timeout(120)
class ReplicaFallbackTest {

    @Test
    void withTheStandbyStoppedReplicaReadsFallBackToThePrimary(PostgresDatabase db, EmbeddedStandby standby) {
        try (PostgresClient client = ReplicaClients.client(db, standby.database(db.database()))) {
            client.execute(Sql.of("CREATE TABLE notes (id int PRIMARY KEY)"));
            client.execute(Sql.of("INSERT INTO notes VALUES (1)"));
            standby.awaitReplay(Duration.ofSeconds(30));
            assertThat(client.replicas().queryRow(Sql.of("SELECT pg_is_in_recovery()"), Boolean.class)).isTrue();

            standby.server().stop();

            // Pooled connections to the stopped standby are evicted as they fail; new ones go to the primary.
            Boolean onStandby = ReplicaClients.await(Duration.ofSeconds(10), () -> client.replicas()
                    .queryRow(Sql.of("SELECT pg_is_in_recovery()"), Boolean.class) ? null : false);
            assertThat(onStandby).isFalse();
            assertThat(client.replicas().queryRow(Sql.of("SELECT count(*) FROM notes"), Long.class)).isEqualTo(1L);
            assertThat(client.replicas().readYourWrites(Duration.ofMillis(100))
                    .queryRow(Sql.of("SELECT count(*) FROM notes"), Long.class)).isEqualTo(1L);
        }
    }
}
