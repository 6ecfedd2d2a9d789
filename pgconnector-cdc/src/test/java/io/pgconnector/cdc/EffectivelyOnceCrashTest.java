package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Effectively once across crashes: a child JVM copies 20,000 changes (inserts, updates, deletes) from a source table
 * into a target database with {@link OffsetStorage#target} while the parent kills it with SIGKILL at least 5 times;
 * in the end the target equals the source row for row, and the audit rows written in the same transactions show
 * every change exactly once.
 */
@WithPostgres
class EffectivelyOnceCrashTest {
    private static final int CHANGES = 20_000;
    private static final int PER_TRANSACTION = 100;
    private static final int MIN_KILLS = 5;

    record Row(int id, int v, String note) {
    }

    @Test
    @Timeout(300)
    void everyChangeIsAppliedExactlyOnceAcrossSigkills(PostgresDatabase db) throws Exception {
        PostgresDatabase targetDb = db.server().createDatabase("eo_target");
        try (PostgresClient source = CdcTestSupport.client(db); PostgresClient target = CdcTestSupport.client(targetDb)) {
            exec(source, "CREATE TABLE eo_src (id int PRIMARY KEY, v int, note text)");
            exec(target, "CREATE TABLE eo_dst (id int PRIMARY KEY, v int, note text)",
                    "CREATE TABLE eo_audit (lsn text, tx bigint, op text, id int)");
            Process child = ChildJvm.start(EffectivelyOnceChild.class, db, "eo", targetDb.database());
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> write(source, written), "eo-writer");
            writer.start();
            int kills = 0;
            try {
                while (kills < MIN_KILLS || writer.isAlive()) {
                    Thread.sleep(500 + (kills % 3) * 400);
                    ChildJvm.kill(child);
                    kills++;
                    child = ChildJvm.start(EffectivelyOnceChild.class, db, "eo", targetDb.database());
                }
                writer.join();
                assertThat(written.get()).isEqualTo(CHANGES);
                CdcTestSupport.await(() -> rows(target, "eo_dst").equals(rows(source, "eo_src")),
                        Duration.ofSeconds(90), "the target to equal the source");
            } finally {
                ChildJvm.kill(child);
            }
            long audited = target.queryRow(Sql.of("SELECT count(*) FROM eo_audit"), Long.class);
            long duplicates = target.queryRow(Sql.of("SELECT count(*) FROM (SELECT lsn, tx FROM eo_audit "
                    + "GROUP BY 1, 2 HAVING count(*) > 1) d"), Long.class);
            System.out.printf("effectively-once crash test: kills=%d changes=%d audited=%d duplicates=%d rows=%d%n",
                    kills, CHANGES, audited, duplicates, rows(target, "eo_dst").size());
            assertThat(kills).isGreaterThanOrEqualTo(MIN_KILLS);
            assertThat(duplicates).as("changes applied more than once").isZero();
            assertThat(audited).as("changes applied").isEqualTo(CHANGES);
            assertThat(rows(target, "eo_dst")).isEqualTo(rows(source, "eo_src"));
            CdcTestSupport.await(() -> !DeliveryTest.slotActiveIn(source, "eo"), Duration.ofSeconds(30),
                    "slot released");
            CdcTestSupport.listener(db, "eo").build().dropSlotAndPublication();
        }
    }

    /** 200 transactions of 100 changes: about half inserts, a third updates, the rest deletes of live rows. */
    private static void write(PostgresClient c, AtomicInteger written) {
        Random random = new Random(15);
        List<Integer> live = new ArrayList<>();
        int[] next = {0};
        try {
            for (int t = 0; t < CHANGES / PER_TRANSACTION; t++) {
                c.transaction(tx -> {
                    List<Integer> liveInTx = new ArrayList<>(live);
                    int nextInTx = next[0];
                    for (int i = 0; i < PER_TRANSACTION; i++) {
                        int dice = random.nextInt(100);
                        if (liveInTx.isEmpty() || dice < 50) {
                            int id = nextInTx++;
                            tx.execute(Sql.of("INSERT INTO eo_src VALUES (?, 0, ?)", id, "row " + id));
                            liveInTx.add(id);
                        } else if (dice < 85) {
                            int id = liveInTx.get(random.nextInt(liveInTx.size()));
                            tx.execute(Sql.of("UPDATE eo_src SET v = v + 1, note = ? WHERE id = ?", "u" + dice, id));
                        } else {
                            int id = liveInTx.remove(random.nextInt(liveInTx.size()));
                            tx.execute(Sql.of("DELETE FROM eo_src WHERE id = ?", id));
                        }
                    }
                    live.clear();
                    live.addAll(liveInTx);
                    next[0] = nextInTx;
                    return null;
                });
                written.addAndGet(PER_TRANSACTION);
                Thread.sleep(15);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Row> rows(PostgresClient c, String table) {
        return c.queryList(Sql.of("SELECT id, v, note FROM " + table + " ORDER BY id"), Row.class, 1_000_000);
    }
}
