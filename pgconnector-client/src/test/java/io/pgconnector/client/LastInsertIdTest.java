package io.pgconnector.client;

import io.pgconnector.errors.FieldMismatchException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.mapping.StrictColumns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** lastInsertId beyond a serial insert: RETURNING of updates and deletes, INSERT ... SELECT, uuid keys; strict records. */
@WithPostgres
@Timeout(60)
class LastInsertIdTest {
    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text)"));
        client.execute(Sql.of("CREATE TABLE tickets (id bigserial PRIMARY KEY, ref uuid DEFAULT gen_random_uuid(), "
                + "state text)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void aUuidPrimaryKeyWithADefaultIsTheLastInsertId() {
        ExecutionResult r = client.execute(Sql.of("INSERT INTO docs(title) VALUES (?)", "a"));
        assertThat(r.lastInsertId()).isInstanceOf(UUID.class);
        assertThat(client.queryRow(Sql.of("SELECT title FROM docs WHERE id = ?", r.lastInsertId()), String.class))
                .isEqualTo("a");
    }

    @Test
    void aSerialKeyWinsOverAnotherDefaultColumn() {
        ExecutionResult r = client.execute(Sql.of("INSERT INTO tickets(state) VALUES ('open'), ('open')"));
        assertThat(r.lastInsertId()).isEqualTo(client.queryRow(Sql.of("SELECT max(id) FROM tickets"), Long.class));
    }

    @Test
    void insertSelectReportsTheLastGeneratedKey() {
        client.execute(Sql.of("INSERT INTO tickets(state) VALUES ('seed')"));
        ExecutionResult r = client.execute(Sql.of("INSERT INTO tickets(state) SELECT 'copy' FROM generate_series(1, 3)"));
        assertThat(r.affectedRowCount()).isEqualTo(3);
        assertThat(r.lastInsertId()).isEqualTo(client.queryRow(Sql.of("SELECT max(id) FROM tickets"), Long.class));
    }

    @Test
    void updateAndDeleteReturningReportTheirCountAndReturnedValue() {
        long id = client.execute(Sql.of("INSERT INTO tickets(state) VALUES ('new')")).lastInsertIdAsLong()
                .orElseThrow();
        ExecutionResult update = client.execute(Sql.of("UPDATE tickets SET state = 'done' WHERE id = ? RETURNING id",
                id));
        assertThat(update.affectedRowCount()).isEqualTo(1);
        assertThat(update.lastInsertId()).isEqualTo(id);
        ExecutionResult none = client.execute(Sql.of("UPDATE tickets SET state = 'x' WHERE id = -1 RETURNING id"));
        assertThat(none.affectedRowCount()).isZero();
        assertThat(none.lastInsertId()).isNull();
        ExecutionResult delete = client.execute(Sql.of("DELETE FROM tickets WHERE id = ? RETURNING ref", id));
        assertThat(delete.affectedRowCount()).isEqualTo(1);
        assertThat(delete.lastInsertId()).isInstanceOf(UUID.class);
    }

    @StrictColumns
    record Ticket(long id, String state) {
    }

    @Test
    void aStrictRecordRefusesExtraColumnsAndNamesThem() {
        client.execute(Sql.of("INSERT INTO tickets(state) VALUES ('strict')"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT * FROM tickets WHERE state = 'strict'"),
                Ticket.class)).isInstanceOf(FieldMismatchException.class).hasMessageContaining("[ref]")
                .hasMessageContaining("@StrictColumns");
        assertThat(client.queryRow(Sql.of("SELECT id, state FROM tickets WHERE state = 'strict'"), Ticket.class)
                .state()).isEqualTo("strict");
    }
}
