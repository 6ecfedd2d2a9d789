package io.pgconnector.cdc;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.Transaction;

import java.time.Duration;

/**
 * The child process of {@link EffectivelyOnceCrashTest}: copies {@code eo_src} into {@code eo_dst} of the target
 * database with a {@link TransactionalCdcService}, writing one {@code eo_audit} row per applied change in the same
 * transaction. Prints READY once capturing.
 */
public final class EffectivelyOnceChild {
    private EffectivelyOnceChild() {
    }

    record Row(int id, Integer v, String note) {
    }

    /**
     * Runs until killed.
     *
     * @param args host, port, database, user, password (from {@link ChildJvm}), slot, target database
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        PostgresClient target = PostgresClient.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .database(args[6]).username(args[3]).password(args[4]).build();
        CdcListener listener = CdcListener.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).database(args[2])
                .username(args[3]).password(args[4])
                .slotName(args[5]).publicationName(args[5])
                .snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.target(target, "eo_offsets"))
                .startTimeout(Duration.ofSeconds(60))
                .build();
        listener.attachTransactional(Row.class, new TransactionalCdcService<>() {
            @Override
            public void onCreate(Transaction tx, Row after, ChangeSource src) {
                tx.execute(Sql.of("INSERT INTO eo_dst VALUES (?, ?, ?)", after.id(), after.v(), after.note()));
                audit(tx, src, "c", after.id());
            }

            @Override
            public void onUpdate(Transaction tx, Row before, Row after, ChangeSource src) {
                tx.execute(Sql.of("UPDATE eo_dst SET v = ?, note = ? WHERE id = ?", after.v(), after.note(),
                        after.id()));
                audit(tx, src, "u", after.id());
            }

            @Override
            public void onDelete(Transaction tx, Row before, ChangeSource src) {
                tx.execute(Sql.of("DELETE FROM eo_dst WHERE id = ?", before.id()));
                audit(tx, src, "d", before.id());
            }

            private void audit(Transaction tx, ChangeSource src, String op, int id) {
                tx.execute(Sql.of("INSERT INTO eo_audit VALUES (?, ?, ?, ?)", src.lsn().toString(), src.txId(), op,
                        id));
            }
        }, "public.eo_src");
        listener.start();
        System.out.println("READY");
        System.out.flush();
        listener.awaitTermination(Duration.ofHours(1));
        System.out.println("TERMINATED " + listener.failure().map(Throwable::toString).orElse(""));
    }
}
