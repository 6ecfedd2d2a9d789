package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.errors.PostgresException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Savepoints, and the opt-in retry of a whole transaction on serialization failures. */
@WithPostgres
@Timeout(60)
class TransactionOptionsTest {
    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @BeforeEach
    void tables() {
        client.execute(Sql.of("DROP TABLE IF EXISTS account, audit"));
        client.execute(Sql.of("CREATE TABLE account (id int PRIMARY KEY, balance int)"));
        client.execute(Sql.of("CREATE TABLE audit (id int PRIMARY KEY)"));
        client.execute(Sql.of("INSERT INTO account VALUES (1, 100)"));
    }

    private static final TransactionOptions REPEATABLE = TransactionOptions.builder()
            .isolation(IsolationLevel.REPEATABLE_READ).maxAttempts(3).retryBackoff(Duration.ofMillis(1)).build();

    /** Reads in the transaction's snapshot, lets another session change the row, then writes it: 40001. */
    private static int debit(Transaction tx, boolean concurrentWrite) {
        tx.queryRow(Sql.of("SELECT balance FROM account WHERE id = 1"), Integer.class);
        if (concurrentWrite) {
            client.execute(Sql.of("UPDATE account SET balance = balance + 1 WHERE id = 1"));
        }
        tx.execute(Sql.of("UPDATE account SET balance = balance - 10 WHERE id = 1"));
        return tx.queryRow(Sql.of("SELECT balance FROM account WHERE id = 1"), Integer.class);
    }

    @Test
    void aSerializationFailureRunsTheWholeTransactionAgain() {
        AtomicInteger attempts = new AtomicInteger();
        int balance = client.transaction(REPEATABLE, tx -> debit(tx, attempts.incrementAndGet() == 1));
        assertThat(attempts).hasValue(2);
        assertThat(balance).isEqualTo(91);
        assertThat(client.queryRow(Sql.of("SELECT balance FROM account WHERE id = 1"), Integer.class)).isEqualTo(91);
    }

    @Test
    void theRetryGivesUpAfterTheBoundWithTheOriginalSqlState() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> client.transaction(REPEATABLE, tx -> {
            attempts.incrementAndGet();
            return debit(tx, true);
        })).isInstanceOf(DatabaseException.class).satisfies(e -> assertThat(((PostgresException) e).sqlState())
                .isEqualTo("40001"));
        assertThat(attempts).hasValue(3);
        assertThat(client.queryRow(Sql.of("SELECT balance FROM account WHERE id = 1"), Integer.class))
                .isEqualTo(103);
    }

    @Test
    void withoutRetryASerializationFailureReachesTheCallerAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> client.transaction(IsolationLevel.REPEATABLE_READ, tx -> {
            attempts.incrementAndGet();
            return debit(tx, true);
        })).isInstanceOf(DatabaseException.class);
        assertThat(attempts).hasValue(1);
        assertThatThrownBy(() -> TransactionOptions.builder().maxAttempts(0).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aFailedSavepointRollsBackOnlyItsOwnWork() {
        client.transaction(tx -> {
            tx.execute(Sql.of("INSERT INTO audit VALUES (1)"));
            assertThatThrownBy(() -> tx.savepoint(sp -> {
                sp.execute(Sql.of("UPDATE account SET balance = 0 WHERE id = 1"));
                return sp.execute(Sql.of("INSERT INTO audit VALUES (1)")); // duplicate key
            })).isInstanceOf(DatabaseException.class).hasMessageContaining("duplicate key");
            int kept = tx.savepoint(sp -> sp.execute(Sql.of("INSERT INTO audit VALUES (2)"))).affectedRowCount()
                    > 0 ? 1 : 0;
            assertThat(kept).isEqualTo(1);
            return null;
        });
        assertThat(client.queryRow(Sql.of("SELECT balance FROM account WHERE id = 1"), Integer.class)).isEqualTo(100);
        assertThat(client.query(Sql.of("SELECT id FROM audit ORDER BY id"), Integer.class).toList())
                .containsExactly(1, 2);
    }
}
