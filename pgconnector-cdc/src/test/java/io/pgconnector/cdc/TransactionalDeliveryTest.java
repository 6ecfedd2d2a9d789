package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.Transaction;
import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Effectively-once delivery into a target database: writes and offsets commit together. */
class TransactionalDeliveryTest extends CdcTestBase {
    record Item(int id, String name) {
    }

    /** Copies items into the target and writes one audit row per applied change, in the given transaction. */
    static final class Copier implements TransactionalCdcService<Item> {
        final AtomicInteger failNext = new AtomicInteger();

        @Override
        public void onCreate(Transaction tx, Item after, ChangeSource src) {
            audit(tx, src, after.id());
            tx.execute(Sql.of("INSERT INTO items_copy VALUES (?, ?)", after.id(), after.name()));
            if (failNext.getAndDecrement() > 0) {
                throw new IllegalStateException("injected failure after writing");
            }
        }

        @Override
        public void onUpdate(Transaction tx, Item before, Item after, ChangeSource src) {
            audit(tx, src, after.id());
            tx.execute(Sql.of("UPDATE items_copy SET name = ? WHERE id = ?", after.name(), after.id()));
        }

        @Override
        public void onDelete(Transaction tx, Item before, ChangeSource src) {
            audit(tx, src, before.id());
            tx.execute(Sql.of("DELETE FROM items_copy WHERE id = ?", before.id()));
        }

        private static void audit(Transaction tx, ChangeSource src, int id) {
            tx.execute(Sql.of("INSERT INTO items_audit VALUES (?, ?, ?)", src.lsn().toString(), src.txId(), id));
        }
    }

    private static CdcListener listener(PostgresDatabase db, PostgresClient target, String slot) {
        return CdcTestSupport.listener(db, slot).snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.target(target, "cdc_offsets"))
                .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(20))).build();
    }

    private static List<Item> items(PostgresClient c, String table) {
        return c.queryList(Sql.of("SELECT id, name FROM " + table + " ORDER BY id"), Item.class, 100_000);
    }

    @Test
    void changesAndOffsetsCommitTogetherAFailedTransactionRunsAgainAndARestartResumesFromTheTarget(
            PostgresDatabase db) throws Exception {
        PostgresDatabase targetDb = db.server().createDatabase("tx_target");
        try (PostgresClient target = CdcTestSupport.client(targetDb)) {
            exec(client, "CREATE TABLE items (id int PRIMARY KEY, name text)");
            exec(target, "CREATE TABLE items_copy (id int PRIMARY KEY, name text)",
                    "CREATE TABLE items_audit (lsn text, tx bigint, id int)");
            Copier copier = new Copier();
            copier.failNext.set(1);
            CdcListener first = listener(db, target, "tx_copy");
            first.attachTransactional(Item.class, copier, "items");
            first.start();
            try {
                exec(client, "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')",
                        "UPDATE items SET name = 'B' WHERE id = 2", "DELETE FROM items WHERE id = 3");
                CdcTestSupport.await(() -> items(target, "items_copy").equals(items(client, "items")), WAIT,
                        "the copy to match");
            } finally {
                first.stop();
            }
            assertThat(target.queryRow(Sql.of("SELECT count(*) FROM items_audit"), Long.class)).isEqualTo(5L);
            assertThat(first.status().retries()).isGreaterThanOrEqualTo(1);

            // Changes made while stopped arrive after a start by a new listener: it resumes from the target table.
            exec(client, "INSERT INTO items VALUES (4, 'd')", "UPDATE items SET name = 'A' WHERE id = 1");
            CdcListener second = listener(db, target, "tx_copy");
            second.attachTransactional(Item.class, new Copier(), "items");
            second.start();
            try {
                CdcTestSupport.await(() -> items(target, "items_copy").equals(items(client, "items")), WAIT,
                        "the copy to match after the restart");
            } finally {
                second.stop();
                second.dropSlotAndPublication();
            }
            assertThat(items(target, "items_copy")).containsExactly(new Item(1, "A"), new Item(2, "B"),
                    new Item(4, "d"));
            assertThat(target.queryRow(Sql.of("SELECT count(*) FROM items_audit"), Long.class)).isEqualTo(7L);
            assertThat(target.queryRow(Sql.of("SELECT count(*) FROM (SELECT lsn, tx FROM items_audit GROUP BY 1, 2 "
                    + "HAVING count(*) > 1) d"), Long.class)).isZero();
            assertThat(target.queryRow(Sql.of("SELECT count(*) FROM cdc_offsets"), Long.class)).isEqualTo(1L);
        }
    }

    @Test
    void wrongCombinationsAreRefusedWithAClearMessage(PostgresDatabase db) {
        try (PostgresClient target = CdcTestSupport.client(db)) {
            CdcListener plain = CdcTestSupport.listener(db, "tx_wrong").build();
            assertThatThrownBy(() -> plain.attachTransactional(Item.class, new Copier(), "items"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("OffsetStorage.target");
            CdcListener transactional = listener(db, target, "tx_wrong");
            assertThatThrownBy(() -> transactional.attach(Item.class, new Recorder<>(), "items"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("attachTransactional");
            assertThatThrownBy(() -> CdcTestSupport.listener(db, "tx_wrong")
                    .offsetStorage(OffsetStorage.target(target, "cdc_offsets")).deliveryThreads(2).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryThreads");
            assertThatThrownBy(() -> OffsetStorage.target(target, "bad name"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
