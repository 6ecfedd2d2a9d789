package io.pgconnector.client.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-connection statement LRU: statements are kept, bounded, and reused across calls. */
@WithPostgres
@Timeout(60)
class StatementCacheTest {

    private static PostgresClient oneConnection(PostgresDatabase db, int reuse) {
        return TestClients.builder(db)
                .options(ClientOptions.builder().statementReuse(reuse).build())
                .pool(PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build()).build();
    }

    private static int kept(PostgresClient client) throws Exception {
        DefaultPostgresClient pooled = (DefaultPostgresClient) client;
        try (Connection c = pooled.acquire()) {
            return pooled.statements().kept(c);
        }
    }

    @Test
    void aStatementRunAgainIsTheKeptOne(PostgresDatabase db) throws Exception {
        try (PostgresClient client = oneConnection(db, 64)) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.queryRow(Sql.of("SELECT ?::int + 1", i), Integer.class)).isEqualTo(i + 1);
            }
            assertThat(kept(client)).isEqualTo(1);
            client.execute(Sql.of("CREATE TEMP TABLE kept_t (id serial PRIMARY KEY, v int)"));
            for (int i = 0; i < 5; i++) {
                assertThat(client.execute(Sql.of("INSERT INTO kept_t (v) VALUES (?)", i)).lastInsertId())
                        .isEqualTo(i + 1);
            }
            // The lookup, the CREATE and the insert (kept as an insert returning its key).
            assertThat(kept(client)).isEqualTo(3);
        }
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedBeyondTheBound(PostgresDatabase db) throws Exception {
        try (PostgresClient client = oneConnection(db, 2)) {
            client.queryRow(Sql.of("SELECT 1"), Integer.class);
            client.queryRow(Sql.of("SELECT 2"), Integer.class);
            client.queryRow(Sql.of("SELECT 1"), Integer.class);
            client.queryRow(Sql.of("SELECT 3"), Integer.class);
            assertThat(kept(client)).isEqualTo(2);
            // The statements kept still work: "SELECT 1" was used more recently than "SELECT 2".
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
            assertThat(client.queryRow(Sql.of("SELECT 3"), Integer.class)).isEqualTo(3);
            assertThat(kept(client)).isEqualTo(2);
        }
    }

    @Test
    void afailedExecutionKeepsItsStatementUsable(PostgresDatabase db) throws Exception {
        try (PostgresClient client = oneConnection(db, 8)) {
            Sql divide = Sql.of("SELECT 10 / ?::int", 1);
            for (int i = 0; i < 10; i++) {
                int divisor = i % 2;
                if (divisor == 0) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> client.queryRow(divide.withValues(divisor), Integer.class))
                            .hasMessageContaining("division by zero");
                } else {
                    assertThat(client.queryRow(divide.withValues(divisor), Integer.class)).isEqualTo(10);
                }
            }
            assertThat(kept(client)).isEqualTo(1);
        }
    }

    @Test
    void aStatementInUseIsNeitherReplacedNorClosedByANestedCall(PostgresDatabase db) throws Exception {
        try (PostgresClient client = oneConnection(db, 1)) {
            for (int round = 0; round < 3; round++) {
                // The mapper runs while the outer statement is lent: the same text nested needs a second statement,
                // and with a bound of 1 a different text must not drop the lent one either.
                int sum = client.transaction(tx -> tx.queryRow(Sql.of("SELECT ?::int", 1),
                        row -> row.get(0, Integer.class) + tx.queryRow(Sql.of("SELECT ?::int", 10), Integer.class)
                                + tx.queryRow(Sql.of("SELECT ?::int + 100", 0), Integer.class)));
                assertThat(sum).isEqualTo(111);
                assertThat(client.queryRow(Sql.of("SELECT ?::int", 5), Integer.class)).isEqualTo(5);
                assertThat(client.queryRow(Sql.of("SELECT ?::int + 100", 5), Integer.class)).isEqualTo(105);
            }
            assertThat(kept(client)).isEqualTo(1);
        }
    }

    @Test
    void offKeepsNothing(PostgresDatabase db) throws Exception {
        try (PostgresClient client = oneConnection(db, 0)) {
            for (int i = 0; i < 5; i++) {
                client.queryRow(Sql.of("SELECT 1"), Integer.class);
            }
            assertThat(kept(client)).isZero();
        }
    }
}
