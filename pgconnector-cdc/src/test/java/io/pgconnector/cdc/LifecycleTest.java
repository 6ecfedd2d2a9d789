package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start and stop: errors that say what to fix, a stop that leaves the slot reusable, slot cleanup. */
class LifecycleTest extends CdcTestBase {
    record Row(int id) {
    }

    @Test
    void stopWhileEventsFlowLeavesTheSlotInactiveAndReusable(PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        exec(client, "CREATE TABLE flow (id int PRIMARY KEY)");
        Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CdcService<Row> service = new CdcService<>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                seen.add(after.id());
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "flow").snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.file(dir.resolve("flow.offsets"))).build();
        listener.attach(Row.class, service, "flow");
        listener.start();
        AtomicBoolean writing = new AtomicBoolean(true);
        int total = 3000;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < total; i += 10) {
                client.execute(Sql.of("INSERT INTO flow SELECT g FROM generate_series(?::int, ?::int) g", i,
                        i + 9));
            }
            writing.set(false);
        });
        writer.start();
        try {
            CdcTestSupport.await(() -> seen.size() > 100, WAIT, "events flowing");
            listener.stop();
            assertThat(listener.isLive()).isFalse();
            assertThat(DeliveryTest.slotActiveIn(client, "flow")).isFalse();
            writer.join(WAIT.toMillis());
            assertThat(writing.get()).isFalse();

            listener.start();
            CdcTestSupport.await(() -> seen.size() == total, WAIT, "every row after restart (" + seen.size() + ")");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'flow'"),
                Long.class)).isZero();
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM pg_publication WHERE pubname = 'flow'"),
                Long.class)).isZero();
    }

    @Test
    void wrongPasswordFailsFast(PostgresDatabase db) {
        CdcListener listener = CdcTestSupport.listener(db, "wrong_pw").password("not-the-password").build();
        listener.attach(Row.class, new CdcService<>() { });
        assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("Authentication failed").hasMessageNotContaining("not-the-password")
                .satisfies(e -> assertThat(((CdcException) e).isAuthenticationError()).isTrue());
    }

    @Test
    void userWithoutReplicationIsToldWhatToGrant(PostgresDatabase db) {
        exec(client, "CREATE ROLE cdc_plain LOGIN PASSWORD 'pw'");
        CdcListener listener = CdcTestSupport.listener(db, "no_repl").username("cdc_plain").password("pw").build();
        listener.attach(Row.class, new CdcService<>() { });
        assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("REPLICATION").hasMessageContaining("ALTER ROLE \"cdc_plain\" WITH REPLICATION");
    }

    @Test
    void replicationUserNeedsAPublicationForAllTablesMode(PostgresDatabase db) throws Exception {
        exec(client, "CREATE ROLE cdc_repl LOGIN REPLICATION PASSWORD 'pw'",
                "CREATE TABLE repl_only (id int PRIMARY KEY)", "GRANT SELECT ON repl_only TO cdc_repl");
        CdcListener listener = CdcTestSupport.listener(db, "repl_user").username("cdc_repl").password("pw").build();
        listener.attach(Row.class, new CdcService<>() { }, "repl_only");
        assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("needs a superuser").hasMessageContaining("CREATE PUBLICATION repl_user");

        // The documented minimal set-up: a publication made beforehand, auto-create disabled.
        exec(client, "CREATE PUBLICATION repl_user FOR TABLE repl_only");
        Recorder<Row> rec = new Recorder<>();
        CdcListener minimal = CdcTestSupport.listener(db, "repl_user").username("cdc_repl").password("pw")
                .publicationAutoCreateMode(PublicationAutoCreateMode.DISABLED).build();
        minimal.attach(Row.class, rec, "repl_only");
        minimal.start();
        try {
            exec(client, "INSERT INTO repl_only VALUES (1)");
            assertThat(rec.awaitEvents(1, WAIT).get(0).after()).isEqualTo(new Row(1));
        } finally {
            minimal.stop();
            // The publication belongs to its creator (here the superuser), so the cleanup runs as that user.
            CdcTestSupport.listener(db, "repl_user").build().dropSlotAndPublication();
        }
    }

    @Test
    void unknownAttachedTableFailsFast(PostgresDatabase db) {
        CdcListener listener = CdcTestSupport.listener(db, "unknown_table").build();
        listener.attach(Row.class, new CdcService<>() { }, "public.no_such_table");
        assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("public.no_such_table").hasMessageContaining("does not exist");
    }

    @Test
    void attachWhileRunningIsRefusedAndSecretsStayHidden(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE attach_run (id int PRIMARY KEY)");
        CdcListener listener = CdcTestSupport.listener(db, "attach_run").snapshotMode(SnapshotMode.NEVER)
                .debeziumProperty("some.password", "s3cret").build();
        listener.attach(Row.class, new CdcService<>() { }, "attach_run");
        assertThat(listener.toString()).contains("password=****").doesNotContain("s3cret");
        listener.start();
        try {
            assertThatThrownBy(() -> listener.attach(Row.class, new CdcService<>() { }, "other"))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void builderRejectsInvalidSettings() {
        assertThatThrownBy(() -> CdcListener.builder().slotName("Bad-Name").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slotName");
        assertThatThrownBy(() -> CdcListener.builder().includeTables("a").excludeTables("b").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CdcListener.builder().maxBatchSize(100).maxQueueSize(100).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueueSize");
        assertThatThrownBy(() -> CdcListener.builder().pollInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        Set<String> names = new HashSet<>();
        for (SnapshotMode m : SnapshotMode.values()) {
            names.add(m.debeziumName());
        }
        assertThat(names).contains("initial", "no_data", "always", "initial_only", "when_needed");
    }
}
