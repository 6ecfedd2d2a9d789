package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** REPORT_AND_CONTINUE: every good change is delivered, each bad one reported once with its payload. */
class ContinueOnErrorTest extends CdcTestBase {
    /** {@code qty} is a primitive: a row with a NULL qty cannot be mapped. */
    record Row(int id, int qty, String note) {
    }

    @Test
    void everyGoodChangeIsDeliveredAndEachBadOneReportedOnceWithItsPayload(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE report_go (id int PRIMARY KEY, qty int, note text)");
        AtomicInteger calls3 = new AtomicInteger();
        Recorder<Row> rec = new Recorder<>() {
            @Override
            void before(Event<Row> e) {
                if (e.after().id() == 3) {
                    calls3.incrementAndGet();
                    throw new IllegalStateException("downstream refused row 3");
                }
            }
        };
        CdcListener listener = CdcTestSupport.listener(db, "report_go").snapshotMode(SnapshotMode.NEVER)
                .eventErrorMode(EventErrorMode.REPORT_AND_CONTINUE)
                .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1))).build();
        listener.attach(Row.class, rec, "report_go");
        listener.start();
        try {
            exec(client, "INSERT INTO report_go VALUES (1, 1, 'a'), (2, NULL, 'unmappable \"quoted\"'), "
                    + "(3, 3, 'c'), (4, 4, 'd')");
            exec(client, "INSERT INTO report_go VALUES (5, 5, 'e')");
            assertThat(rec.awaitEvents(3, WAIT)).extracting(e -> e.after().id()).containsExactly(1, 4, 5);
            CdcTestSupport.await(() -> rec.errors().size() >= 2, WAIT, "two reported failures");

            assertThat(rec.errors()).hasSize(2);
            CdcException unmappable = rec.errors().get(0);
            assertThat(unmappable.source().operation()).isEqualTo(Operation.CREATE);
            assertThat(unmappable.getMessage()).contains("public.report_go").doesNotContain("quoted");
            assertThat(unmappable.eventJson()).contains("\"after\":{\"id\":2,\"qty\":null,"
                    + "\"note\":\"unmappable \\\"quoted\\\"\"}").contains("\"op\":\"c\"");
            CdcException refused = rec.errors().get(1);
            assertThat(refused.getMessage()).contains("failed 2 time(s)").contains("downstream refused row 3");
            assertThat(refused.eventJson()).contains("\"id\":3,\"qty\":3,\"note\":\"c\"");
            assertThat(calls3).hasValue(2);
            assertThat(listener.isLive()).isTrue();
            assertThat(listener.failure()).isEmpty();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
        assertThat(rec.events()).hasSize(3);
        assertThat(rec.errors()).hasSize(2);
    }

    @Test
    void theDefaultStillStopsAndTheErrorCarriesThePayload(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE report_stop (id int PRIMARY KEY, qty int, note text)");
        Recorder<Row> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "report_stop").snapshotMode(SnapshotMode.NEVER).build();
        assertThat(listener.config().eventErrorMode()).isEqualTo(EventErrorMode.STOP);
        listener.attach(Row.class, rec, "report_stop");
        listener.start();
        try {
            exec(client, "INSERT INTO report_stop VALUES (1, NULL, 'x'), (2, 2, 'y')");
            assertThat(listener.awaitTermination(WAIT)).isTrue();
            assertThat(rec.events()).isEmpty();
            assertThat(rec.errors()).hasSize(1);
            assertThat(listener.failure().orElseThrow().eventJson()).contains("\"id\":1,\"qty\":null");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
