package io.pgconnector.client.replicas;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
@Timeout(60)
class PgBouncerTransactionModeTest {

    @Test
    void pgBouncerModePreparesNothingOnTheServerEvenAfterManyExecutions(PostgresDatabase db) {
        assertThat(serverPreparedAfterTenRuns(TestClients.client(db))).isPositive();
        assertThat(serverPreparedAfterTenRuns(TestClients.builder(db)
                .options(ClientOptions.builder().pgBouncerTransactionMode(true).build()).build())).isZero();
    }

    @Test
    void pgBouncerModeSendsNoOptionsStartupParameter(PostgresDatabase db) {
        Sql source = Sql.of("SELECT source FROM pg_settings WHERE name = 'lc_monetary'");
        try (PostgresClient plain = TestClients.client(db);
             PostgresClient bouncer = TestClients.builder(db)
                     .options(ClientOptions.builder().pgBouncerTransactionMode(true).build()).build()) {
            assertThat(plain.queryRow(source, String.class)).isEqualTo("client");
            assertThat(bouncer.queryRow(source, String.class)).isNotEqualTo("client");
        }
    }

    /** Runs one statement ten times on one connection and counts the statements prepared on that server session. */
    private static long serverPreparedAfterTenRuns(PostgresClient client) {
        try (client) {
            return client.transaction(tx -> {
                for (int i = 0; i < 10; i++) {
                    tx.queryRow(Sql.of("SELECT ?::int + 1", i), Integer.class);
                }
                return tx.queryRow(Sql.of("SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql"),
                        Long.class);
            });
        }
    }
}
