package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Logical decoding messages ({@code pg_logical_emit_message}): order, transactions, routing by prefix. */
class MessagesTest extends CdcTestBase {
    record Row(int id) {
    }

    /** What arrived, in arrival order, from both the row service and the message services. */
    private final List<String> seen = new ArrayList<>();
    private final List<ChangeSource> sources = new ArrayList<>();

    private synchronized void saw(String what, ChangeSource src) {
        seen.add(what);
        sources.add(src);
        notifyAll();
    }

    private synchronized List<String> awaitSeen(String last) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!seen.contains(last)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out waiting for " + last + "; seen " + seen);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return List.copyOf(seen);
    }

    @Test
    void transactionalMessagesArriveInCommitOrderWithRowsRolledBackOnesNeverNonTransactionalAlways(
            PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE msg_rows (id int PRIMARY KEY)");
        CdcListener listener = CdcTestSupport.listener(db, "msg_order").snapshotMode(SnapshotMode.NEVER).build();
        listener.attach(Row.class, new CdcService<>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                saw("row " + after.id(), src);
            }
        }, "msg_rows");
        List<LogicalMessage> orders = new ArrayList<>();
        listener.attachMessages((m, src) -> {
            synchronized (orders) {
                orders.add(m);
            }
            saw("orders " + m.text(), src);
        }, "orders");
        listener.attachMessages((m, src) -> saw("other " + m.prefix() + " " + m.text(), src));
        listener.start();
        try {
            client.transaction(tx -> {
                tx.execute(Sql.of("INSERT INTO msg_rows VALUES (1)"));
                tx.execute(Sql.of("SELECT pg_logical_emit_message(true, 'orders', ?::text)", "{\"id\": 7}"));
                tx.execute(Sql.of("INSERT INTO msg_rows VALUES (2)"));
                tx.execute(Sql.of("SELECT pg_logical_emit_message(true, 'audit', 'a1')"));
                return null;
            });
            assertThatThrownBy(() -> client.transaction(tx -> {
                tx.execute(Sql.of("INSERT INTO msg_rows VALUES (100)"));
                tx.execute(Sql.of("SELECT pg_logical_emit_message(true, 'orders', 'rolled back')"));
                tx.execute(Sql.of("SELECT pg_logical_emit_message(false, 'orders', 'sent anyway')"));
                throw new IllegalStateException("roll back");
            })).hasMessageContaining("roll back");
            exec(client, "INSERT INTO msg_rows VALUES (3)");

            List<String> all = awaitSeen("row 3");
            assertThat(all).containsExactly("row 1", "orders {\"id\": 7}", "row 2", "other audit a1",
                    "orders sent anyway", "row 3");

            List<ChangeSource> src;
            synchronized (this) {
                src = List.copyOf(sources);
            }
            ChangeSource row1 = src.get(0);
            ChangeSource tx = src.get(1);
            assertThat(tx.operation()).isEqualTo(Operation.MESSAGE);
            assertThat(tx.txId()).isEqualTo(row1.txId());
            assertThat(tx.commitTime()).isEqualTo(row1.commitTime());
            assertThat(tx.lsn().compareTo(row1.lsn())).isPositive();
            assertThat(tx.lsn().compareTo(src.get(2).lsn())).isNotPositive();
            ChangeSource nonTx = src.get(4);
            assertThat(nonTx.txId()).isNull();
            assertThat(nonTx.operation()).isEqualTo(Operation.MESSAGE);

            synchronized (orders) {
                assertThat(orders.get(0).transactional()).isTrue();
                assertThat(orders.get(0).json().text()).isEqualTo("{\"id\": 7}");
                assertThat(orders.get(0).json(Map.class)).containsEntry("id", 7);
                assertThat(orders.get(1).transactional()).isFalse();
                assertThat(orders.get(1).content()).isEqualTo("sent anyway".getBytes());
            }
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void onlyAttachedPrefixesAreDeliveredAndAMessageOnlyListenerStarts(PostgresDatabase db) throws Exception {
        CdcListener listener = CdcTestSupport.listener(db, "msg_only").snapshotMode(SnapshotMode.NEVER).build();
        listener.attachMessages((m, src) -> saw(m.prefix() + " " + m.text(), src), "jobs");
        assertThatThrownBy(() -> listener.attachMessages((m, src) -> { }, "jobs"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jobs");
        assertThatThrownBy(() -> listener.attachMessages((m, src) -> { }, "a,b"))
                .isInstanceOf(IllegalArgumentException.class);
        listener.start();
        try {
            exec(client, "SELECT pg_logical_emit_message(true, 'jobsX', 'no')",
                    "SELECT pg_logical_emit_message(false, 'other', 'no')",
                    "SELECT pg_logical_emit_message(true, 'jobs', 'yes')");
            assertThat(awaitSeen("jobs yes")).containsExactly("jobs yes");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
