package io.pgconnector.pipeline;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.ClientObserver;
import io.pgconnector.client.spi.OperationKind;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.PostgresException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder's observer (the SPI of the metrics and tracing modules) sees every call of a pipelined client once,
 * whichever engine runs it: verb, statement text without values, rows, and the failure with its SQLSTATE.
 */
@WithPostgres
@Timeout(60)
class PipelinedObserverTest {

    /** One observed operation. */
    record Seen(OperationKind kind, String sql, long rows, Throwable failure) {
        String sqlState() {
            return failure instanceof PostgresException ? ((PostgresException) failure).sqlState() : null;
        }
    }

    static final class Recording implements ClientObserver {
        final List<ClientInfo> opened = new CopyOnWriteArrayList<>();
        final List<DataSource> pools = new CopyOnWriteArrayList<>();
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public io.pgconnector.client.spi.OperationObserver clientOpened(ClientInfo client, DataSource pool) {
            opened.add(client);
            pools.add(pool);
            return (kind, sql) -> (rows, failure) -> seen.add(new Seen(kind, sql, rows, failure));
        }
    }

    @Test
    void pipelinedCallsAreObservedOnceWithoutValues(PostgresDatabase db) {
        Recording observer = new Recording();
        try (PostgresClient setup = TestClients.client(db)) {
            setup.execute(Sql.of("CREATE TABLE obs (id bigint PRIMARY KEY, secret text)"));
            setup.execute(Sql.of("INSERT INTO obs VALUES (1, 'first'), (2, 'second')"));
        }
        try (PostgresClient client = PipelinedClient.open(TestClients.builder(db).observer(observer), 2)) {
            assertThat(observer.opened).hasSize(1);
            assertThat(observer.opened.get(0).database()).isEqualTo(db.database());
            assertThat(observer.pools.get(0).getClass().getName()).contains("Hikari");

            String divide = "SELECT 10 / ?::int";
            assertThatThrownBy(() -> client.queryRow(Sql.of(divide, 0), Integer.class))
                    .isInstanceOf(DatabaseException.class)
                    // the Vert.x error under pgconnector's: this statement ran on the pipelined engine
                    .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(PgException.class));
            assertThat(client.queryRow(Sql.of(divide, 5), Integer.class)).isEqualTo(2);
            // (queryList without a limit is a default method, which the client's observation does not see on
            // either engine; the form with a limit is the verb.)
            assertThat(client.queryList(Sql.of("SELECT secret FROM obs WHERE id <= ? ORDER BY id", 2L),
                    String.class, 10)).containsExactly("first", "second");
            assertThat(client.execute(Sql.of("UPDATE obs SET secret = ? WHERE id = ?", "hidden-value", 1L))
                    .affectedRowCount()).isEqualTo(1);
            assertThatThrownBy(() -> client.execute(Sql.of("UPDATE obs SET id = ? WHERE id = ?", 2L, 1L)))
                    .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(PgException.class));
            // A verb the JDBC engine runs is observed the same way, once.
            client.execute(Sql.of("INSERT INTO obs VALUES (?, ?)", 3L, "third"));
            client.transaction(tx -> tx.queryRow(Sql.of("SELECT count(*) FROM obs"), Long.class));

            assertThat(observer.seen).extracting(Seen::kind).containsExactly(OperationKind.QUERY_ROW,
                    OperationKind.QUERY_ROW, OperationKind.QUERY_LIST, OperationKind.EXECUTE, OperationKind.EXECUTE,
                    OperationKind.EXECUTE, OperationKind.QUERY_ROW, OperationKind.TRANSACTION);
            List<Seen> s = observer.seen;
            assertThat(s.get(0).sqlState()).isEqualTo("22012");
            assertThat(s.get(0).sql()).isEqualTo(divide);
            assertThat(s.get(1).failure()).isNull();
            assertThat(s.get(1).rows()).isEqualTo(1);
            assertThat(s.get(2).rows()).isEqualTo(2);
            assertThat(s.get(3).rows()).isEqualTo(1);
            assertThat(s.get(4).sqlState()).isEqualTo("23505");
            assertThat(s.get(5).rows()).isEqualTo(1);
            for (Seen seen : s) {
                // statement texts only: never a bound value
                assertThat(String.valueOf(seen.sql())).doesNotContain("hidden-value").doesNotContain("third");
            }
        }
        assertThat(observer.opened).hasSize(1);
    }
}
