package io.pgconnector.client;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.PostgresException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statements kept open per pooled connection, and cached row plans, must never map a result wrongly after the schema
 * changed under the same SQL text. Each test runs a statement often enough to be prepared on the server (pgjdbc's
 * {@code prepareThreshold} is 5), so that the server's "cached plan must not change result type" comes into play.
 */
@WithPostgres
@Timeout(60)
class StatementReuseTest {
    private static final int SERVER_PREPARED = 8;

    record Item(long id, String name) {
    }

    record ItemWithPrice(long id, String name, int price) {
    }

    PostgresDatabase db;
    PostgresClient client;
    PostgresClient other;

    @BeforeEach
    void setUp(PostgresDatabase db) {
        this.db = db;
        // One connection, so that every call reuses the same kept statements.
        client = TestClients.builder(db).pool(PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1)
                .build()).build();
        other = TestClients.client(db);
        other.execute(Sql.of("DROP SCHEMA IF EXISTS a CASCADE"));
        other.execute(Sql.of("DROP SCHEMA IF EXISTS b CASCADE"));
        other.execute(Sql.of("DROP TABLE IF EXISTS reuse_items"));
        other.execute(Sql.of("CREATE TABLE reuse_items (id bigint PRIMARY KEY, name text, at timestamp)"));
        other.execute(Sql.of("INSERT INTO reuse_items VALUES (1, 'one', '2024-01-02 03:04:05')"));
    }

    @AfterEach
    void tearDown() {
        client.close();
        other.close();
    }

    @Test
    void aColumnAddedByAnotherSessionShowsUpInTheNextRow() {
        Sql all = Sql.of("SELECT * FROM reuse_items WHERE id = ?", 1L);
        for (int i = 0; i < SERVER_PREPARED; i++) {
            assertThat(client.queryRow(all)).containsOnlyKeys("id", "name", "at");
            assertThat(client.queryRow(all, Item.class)).isEqualTo(new Item(1, "one"));
        }
        other.execute(Sql.of("ALTER TABLE reuse_items ADD COLUMN price int DEFAULT 7"));

        assertThat(client.queryRow(all)).containsOnlyKeys("id", "name", "at", "price").containsEntry("price", 7);
        assertThat(client.queryRow(all, ItemWithPrice.class)).isEqualTo(new ItemWithPrice(1, "one", 7));
        Integer price = client.queryRow(all, row -> row.get("price", Integer.class));
        assertThat(price).isEqualTo(7);
    }

    @Test
    void aColumnWhoseTypeChangedUnderTheSameJdbcTypeIsReadAsItsNewType() {
        // timestamp and timestamptz are both Types.TIMESTAMP to pgjdbc: only the type OID tells them apart.
        Sql at = Sql.of("SELECT at FROM reuse_items WHERE id = ?", 1L);
        for (int i = 0; i < SERVER_PREPARED; i++) {
            assertThat(client.queryRow(at).get("at")).isInstanceOf(LocalDateTime.class);
            Object viaRow = client.queryRow(at, row -> row.get(0, Object.class));
            assertThat(viaRow).isInstanceOf(LocalDateTime.class);
        }
        other.execute(Sql.of("ALTER TABLE reuse_items ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'"));

        assertThat(client.queryRow(at).get("at")).isInstanceOf(OffsetDateTime.class);
        Object viaRow = client.queryRow(at, row -> row.get(0, Object.class));
        assertThat(viaRow).isInstanceOf(OffsetDateTime.class);
        assertThat(((OffsetDateTime) client.queryRow(at).get("at")).toInstant())
                .hasToString("2024-01-02T03:04:05Z");
    }

    @Test
    void theSameTextResolvedThroughAnotherSearchPathMapsTheOtherTable() {
        other.execute(Sql.of("CREATE SCHEMA a"));
        other.execute(Sql.of("CREATE SCHEMA b"));
        other.execute(Sql.of("CREATE TABLE a.t (v inet)"));
        other.execute(Sql.of("CREATE TABLE b.t (v cidr)"));
        other.execute(Sql.of("INSERT INTO a.t VALUES ('10.1.2.3/8')"));
        other.execute(Sql.of("INSERT INTO b.t VALUES ('10.0.0.0/8')"));
        Sql v = Sql.of("SELECT v FROM t");
        client.execute(Sql.of("SET search_path TO a"));
        Object fromA = null;
        for (int i = 0; i < SERVER_PREPARED; i++) {
            fromA = client.queryRow(v).get("v");
        }
        client.execute(Sql.of("SET search_path TO b"));
        Object fromB = client.queryRow(v).get("v");
        client.execute(Sql.of("SET search_path TO a"));
        Object fromAAgain = client.queryRow(v).get("v");

        // inet and cidr are both Types.OTHER; each must come back as its own type.
        assertThat(fromA).isInstanceOf(io.pgconnector.types.Inet.class).hasToString("10.1.2.3/8");
        assertThat(fromB).isInstanceOf(io.pgconnector.types.Cidr.class).hasToString("10.0.0.0/8");
        assertThat(fromAAgain).isEqualTo(fromA);
    }

    @Test
    void anInsertAndALookupOfTheSameTextDoNotShareARowLimit() {
        Sql select = Sql.of("SELECT id FROM reuse_items");
        other.execute(Sql.of("INSERT INTO reuse_items VALUES (2, 'two', now()), (3, 'three', now())"));
        for (int i = 0; i < SERVER_PREPARED; i++) {
            assertThat(client.queryRow(Sql.of("SELECT id FROM reuse_items ORDER BY id"), Long.class)).isEqualTo(1L);
            assertThat(client.execute(select).affectedRowCount()).isEqualTo(3);
            assertThat(client.queryList(select, Long.class, 5)).hasSize(3);
        }
        List<Long> ids = client.queryList(select, Long.class, 3);
        assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void insideATransactionAnInvalidatedPlanFailsWithItsSqlStateAndTheNextTransactionRePrepares() {
        Sql all = Sql.of("SELECT * FROM reuse_items WHERE id = ?", 1L);
        client.transaction(tx -> {
            for (int i = 0; i < SERVER_PREPARED; i++) {
                tx.queryRow(all);
            }
            return null;
        });
        other.execute(Sql.of("ALTER TABLE reuse_items ADD COLUMN extra int"));

        // An aborted transaction cannot run the statement again; the caller (or TransactionOptions) retries it.
        assertThatThrownBy(() -> client.transaction(tx -> tx.queryRow(all)))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((PostgresException) e).sqlState()).isEqualTo("0A000"));
        Map<String, Object> row = client.transaction(tx -> tx.queryRow(all));
        assertThat(row).containsKey("extra");
    }

    @Test
    void aConnectionThatBrokeUnderAKeptStatementIsReplacedNotLentAgain() {
        Sql pid = Sql.of("SELECT pg_backend_pid()");
        int first = 0;
        for (int i = 0; i < SERVER_PREPARED; i++) {
            first = client.queryRow(pid, Integer.class);
        }
        assertThat(other.queryRow(Sql.of("SELECT pg_terminate_backend(?)", first), Boolean.class)).isTrue();

        Integer next;
        try {
            next = client.queryRow(pid, Integer.class);
        } catch (PostgresException expected) {
            // The first call after the kill may fail; the pool must not hand the dead connection out again.
            next = client.queryRow(pid, Integer.class);
        }
        assertThat(next).isNotEqualTo(first);
        assertThat(client.queryRow(pid, Integer.class)).isEqualTo(next);
    }

    @Test
    void reuseCanBeTurnedOff() {
        try (PostgresClient plain = TestClients.builder(db)
                .options(ClientOptions.builder().statementReuse(0).build()).build()) {
            Sql all = Sql.of("SELECT * FROM reuse_items WHERE id = ?", 1L);
            for (int i = 0; i < SERVER_PREPARED; i++) {
                assertThat(plain.queryRow(all, Item.class)).isEqualTo(new Item(1, "one"));
            }
            assertThat(plain.execute(Sql.of("UPDATE reuse_items SET name = ? WHERE id = ?", "uno", 1L))
                    .affectedRowCount()).isEqualTo(1);
        }
        assertThat(ClientOptions.defaults().statementReuse()).isEqualTo(64);
    }
}
