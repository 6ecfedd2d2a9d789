package io.pgconnector.client.replicas;

import io.pgconnector.errors.DatabaseException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.ReplicaReads;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.EmbeddedStandby;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres(standby = true)
@Timeout(120)
class ReplicaReadsTest {
    record Seen(String v, boolean onStandby) {
    }

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db, EmbeddedStandby standby) {
        client = ReplicaClients.client(db, standby.database(db.database()));
        client.execute(Sql.of("CREATE TABLE items (id bigint PRIMARY KEY, v text)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void replicaReadsSeeDataReplicatedFromThePrimary(EmbeddedStandby standby) {
        client.execute(Sql.of("INSERT INTO items VALUES (-1, 'replicated')"));
        standby.awaitReplay(Duration.ofSeconds(30));

        Seen seen = client.replicas().queryRow(
                Sql.of("SELECT v, pg_is_in_recovery() AS on_standby FROM items WHERE id = -1"), Seen.class);

        assertThat(seen).isEqualTo(new Seen("replicated", true));
        assertThat(client.queryRow(Sql.of("SELECT pg_is_in_recovery()"), Boolean.class)).isFalse();
    }

    @Test
    void readYourWritesSeesTheJustWrittenRowEveryTime() {
        ReplicaReads reads = client.replicas().readYourWrites(Duration.ofSeconds(5));
        int onStandby = 0;
        for (long i = 1; i <= 1000; i++) {
            client.execute(Sql.of("INSERT INTO items VALUES (?, ?)", i, "row " + i));
            Seen seen = reads.queryRow(
                    Sql.of("SELECT v, pg_is_in_recovery() AS on_standby FROM items WHERE id = ?", i), Seen.class);
            assertThat(seen.v()).as("read after write %d", i).isEqualTo("row " + i);
            onStandby += seen.onStandby() ? 1 : 0;
        }
        // The wait is bounded by 5 s and the local standby replays in milliseconds: the reads ran on the standby.
        assertThat(onStandby).isEqualTo(1000);
    }

    @Test
    void aWriteThroughTheReplicaViewFailsWith25006AndIsNotRetriedOnThePrimary() {
        assertThatThrownBy(() -> client.replicas().execute(Sql.of("INSERT INTO items VALUES (-2, 'lost')")))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("25006"));

        assertThat(client.queryOptional(Sql.of("SELECT v FROM items WHERE id = -2"), String.class)).isEmpty();
    }

    @Test
    void aMultiHostUriListingTheStandbyFirstWritesOnThePrimaryAndReadsOnTheStandby(PostgresDatabase db,
            EmbeddedStandby standby) {
        PostgresDatabase replica = standby.database(db.database());
        String uri = "postgresql://" + db.username() + ":" + URLEncoder.encode(db.password(), StandardCharsets.UTF_8)
                + "@" + replica.host() + ":" + replica.port() + "," + db.host() + ":" + db.port() + "/"
                + db.database() + "?target_session_attrs=read-write";
        try (PostgresClient byUri = PostgresClient.Builder.fromUri(uri).pool(TestClients.builder(db).pool()).build()) {
            byUri.execute(Sql.of("INSERT INTO items VALUES (-3, 'by uri')"));
            assertThat(byUri.queryRow(Sql.of("SELECT pg_is_in_recovery()"), Boolean.class)).isFalse();
            assertThat(byUri.replicas().readYourWrites(Duration.ofSeconds(5))
                    .queryRow(Sql.of("SELECT v, pg_is_in_recovery() AS on_standby FROM items WHERE id = -3"),
                            Seen.class)).isEqualTo(new Seen("by uri", true));
        }
    }

    @Test
    void libpqEnvironmentVariablesListingTheStandbyFirstWriteOnThePrimaryAndReadOnTheStandby(PostgresDatabase db,
            EmbeddedStandby standby) {
        PostgresDatabase replica = standby.database(db.database());
        Map<String, String> env = Map.of("PGHOST", replica.host() + "," + db.host(),
                "PGPORT", replica.port() + "," + db.port(), "PGUSER", db.username(), "PGPASSWORD", db.password(),
                "PGDATABASE", db.database(), "PGTARGETSESSIONATTRS", "read-write");
        try (PostgresClient byEnv = PostgresClient.Builder.fromEnvironment(env).pool(TestClients.builder(db).pool())
                .build()) {
            byEnv.execute(Sql.of("INSERT INTO items VALUES (-4, 'by env')"));
            assertThat(byEnv.queryRow(Sql.of("SELECT pg_is_in_recovery()"), Boolean.class)).isFalse();
            assertThat(byEnv.replicas().readYourWrites(Duration.ofSeconds(5))
                    .queryRow(Sql.of("SELECT v, pg_is_in_recovery() AS on_standby FROM items WHERE id = -4"),
                            Seen.class)).isEqualTo(new Seen("by env", true));
        }
    }

    @Test
    void readYourWritesRejectsANegativeWait() {
        assertThatThrownBy(() -> client.replicas().readYourWrites(Duration.ofMillis(-1)))
                .hasMessageContaining("readYourWrites");
    }
}
