package io.pgconnector.client;

import io.pgconnector.errors.PostgresException;

import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The observation SPI, without any metrics library: what an observer is told, and that nothing else is needed. */
@WithPostgres
@Timeout(120)
class ObserverTest {

    record Event(OperationKind kind, String sql, long rows, Throwable failure) {}

    @Test
    void clientRunsWithoutMicrometerOnTheClassPath(PostgresDatabase db) {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        try (PostgresClient client = TestClients.client(db)) {
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void observerSeesEveryVerbWithTextRowsAndFailureButNoValues(PostgresDatabase db) {
        List<Event> events = new CopyOnWriteArrayList<>();
        ClientInfo[] seen = new ClientInfo[1];
        DataSource[] pool = new DataSource[1];
        try (PostgresClient client = TestClients.builder(db).observer((info, ds) -> {
            seen[0] = info;
            pool[0] = ds;
            return (kind, sql) -> (rows, failure) -> events.add(new Event(kind, sql, rows, failure));
        }).build()) {
            assertThat(seen[0].database()).isEqualTo(db.database());
            assertThat(seen[0].port()).isEqualTo(db.port());
            assertThat(pool[0]).isNotNull();

            client.execute(Sql.of("CREATE TABLE t (id int PRIMARY KEY, secret text)"));
            client.execute(Sql.of("INSERT INTO t VALUES (?, ?), (?, ?)", 1, "hunter2", 2, "hunter3"));
            client.queryRow(Sql.of("SELECT secret FROM t WHERE id = ?", 1), String.class);
            // A default form (queryList without a limit) is observed once, as the verb it delegates to.
            assertThat(client.queryList(Sql.of("SELECT id FROM t WHERE secret <> ?", "none"), Integer.class))
                    .containsExactlyInAnyOrder(1, 2);
            try (var rows = client.query(Sql.of("SELECT * FROM t"))) {
                assertThat(rows.count()).isEqualTo(2);
            }
            client.batchExecute(List.of(Sql.of("INSERT INTO t VALUES (?, ?)", 3, "x"),
                    Sql.of("INSERT INTO t VALUES (?, ?)", 4, "y"), Sql.of("INSERT INTO t VALUES (?, ?)", 5, "z")));
            client.transaction(tx -> tx.execute(Sql.of("DELETE FROM t WHERE id = ?", 5)));
            assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO t VALUES (?, ?)", 1, "dup")))
                    .isInstanceOf(PostgresException.class);
        }

        assertThat(events).extracting(Event::kind).containsExactly(OperationKind.EXECUTE, OperationKind.EXECUTE,
                OperationKind.QUERY_ROW, OperationKind.QUERY_LIST, OperationKind.QUERY, OperationKind.BATCH_EXECUTE,
                OperationKind.EXECUTE, OperationKind.TRANSACTION, OperationKind.EXECUTE);
        assertThat(events.get(1).rows()).isEqualTo(2);
        assertThat(events.get(3).rows()).isEqualTo(2);
        assertThat(events.get(3).sql()).isEqualTo("SELECT id FROM t WHERE secret <> ?");
        assertThat(events.get(5).rows()).isEqualTo(3);
        assertThat(events.get(7).sql()).isNull();
        Event failed = events.get(8);
        assertThat(failed.failure()).isInstanceOf(PostgresException.class);
        assertThat(((PostgresException) failed.failure()).sqlState()).isEqualTo("23505");
        assertThat(events).allSatisfy(e -> assertThat(String.valueOf(e.sql())).doesNotContain("hunter"));
    }
}
