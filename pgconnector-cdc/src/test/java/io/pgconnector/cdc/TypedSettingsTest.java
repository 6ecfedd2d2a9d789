package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Typed connector settings, each checked by what it changes in delivery or on the server. */
class TypedSettingsTest extends CdcTestBase {
    record Person(int id, String card, String email, String bio) {
    }

    record Row(int id, String v) {
    }

    @Test
    void maskedHashedAndTruncatedColumnsArriveChangedInRecords(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE people (id int PRIMARY KEY, card text, email text, bio text)",
                "INSERT INTO people VALUES (1, '4111111111111111', 'ada@example.com', 'mathematician')");
        Recorder<Person> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "masks")
                .columnMasks(ColumnMask.mask(4, "public\\.people\\.card"),
                        ColumnMask.truncate(4, "public\\.people\\.bio"),
                        ColumnMask.hash("SHA-256", "pepper", "public\\.people\\.email"))
                .build();
        assertThat(listener.config().toString()).doesNotContain("pepper");
        listener.attach(Person.class, rec, "people");
        listener.start();
        try {
            exec(client, "INSERT INTO people VALUES (2, '5500000000000004', 'ada@example.com', 'engineer')",
                    "INSERT INTO people VALUES (3, '5500000000000004', 'bob@example.com', 'engineer')");
            List<Recorder.Event<Person>> events = rec.awaitEvents(3, WAIT);
            Person read = events.get(0).after();
            Person created = events.get(1).after();
            assertThat(events.get(0).op()).isEqualTo(Operation.READ);
            assertThat(read.card()).isEqualTo("****");
            assertThat(created.card()).isEqualTo("****");
            assertThat(read.bio()).isEqualTo("math");
            assertThat(created.bio()).isEqualTo("engi");
            // Hashed by the listener: salt + value through SHA-256, equal values equal, the value itself gone.
            String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest("pepperada@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(read.email()).isEqualTo(expected).isEqualTo(created.email());
            assertThat(events.get(2).after().email()).hasSize(64).isNotEqualTo(expected)
                    .doesNotContain("bob");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void aHashMaskNamesWhatIsWrong() {
        assertThatThrownBy(() -> ColumnMask.hash("SHA-999", "s", "public\\.t\\.c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-999");
        assertThatThrownBy(() -> ColumnMask.hash("SHA-256", null, "public\\.t\\.c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
        assertThatThrownBy(() -> ColumnMask.hash("SHA-256", "s", "public\\.t\\.(c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ColumnMask.hash("SHA-256", "secret-salt", "a\\.b\\.c").toString()).doesNotContain("secret-salt")
                .contains("SHA-256");
    }

    @Test
    void theHeartbeatActionQueryRunsOnTheServer(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE beats (at timestamptz)", "CREATE TABLE quiet (id int PRIMARY KEY, v text)");
        CdcListener listener = CdcTestSupport.listener(db, "beats").snapshotMode(SnapshotMode.NO_DATA)
                .heartbeatInterval(Duration.ofMillis(200)).heartbeatActionQuery("INSERT INTO beats VALUES (now())")
                .build();
        listener.attach(Row.class, new Recorder<>(), "quiet");
        listener.start();
        try {
            CdcTestSupport.await(() -> client.queryRow(Sql.of("SELECT count(*) FROM beats"), Long.class) >= 2, WAIT,
                    "heartbeat rows");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
        assertThatThrownBy(() -> CdcListener.builder().heartbeatInterval(Duration.ZERO)
                .heartbeatActionQuery("SELECT 1").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeatInterval");
    }

    @Test
    void noDataDeliversNoReadsAndConfigurationBasedCanSnapshotWithoutStreaming(PostgresDatabase db)
            throws Exception {
        exec(client, "CREATE TABLE snap (id int PRIMARY KEY, v text)", "INSERT INTO snap VALUES (1, 'old')");
        Recorder<Row> streamed = new Recorder<>();
        CdcListener noData = CdcTestSupport.listener(db, "snap_none").snapshotMode(SnapshotMode.NO_DATA).build();
        noData.attach(Row.class, streamed, "snap");
        noData.start();
        try {
            exec(client, "INSERT INTO snap VALUES (2, 'new')");
            assertThat(streamed.awaitEvents(1, WAIT)).extracting(e -> e.op(), e -> e.after().id())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.CREATE, 2));
        } finally {
            noData.stop();
            noData.dropSlotAndPublication();
        }
        assertThat(streamed.events()).noneMatch(e -> e.op() == Operation.READ);

        Recorder<Row> snapshotOnly = new Recorder<>();
        CdcListener configured = CdcTestSupport.listener(db, "snap_conf").configurationBasedSnapshot(true, false)
                .build();
        configured.attach(Row.class, snapshotOnly, "snap");
        configured.start();
        try {
            assertThat(snapshotOnly.awaitEvents(2, WAIT)).extracting(e -> e.op()).containsOnly(Operation.READ);
            // Without streaming the listener ends after the snapshot, as with SnapshotMode.INITIAL_ONLY.
            assertThat(configured.awaitTermination(WAIT)).isTrue();
            assertThat(configured.failure()).isEmpty();
        } finally {
            configured.stop();
            configured.dropSlotAndPublication();
        }
        Recorder<Row> once = new Recorder<>();
        CdcListener initialOnly = CdcTestSupport.listener(db, "snap_once").snapshotMode(SnapshotMode.INITIAL_ONLY)
                .build();
        initialOnly.attach(Row.class, once, "snap");
        initialOnly.start();
        try {
            assertThat(initialOnly.awaitTermination(WAIT)).isTrue();
            assertThat(initialOnly.failure()).isEmpty();
            assertThat(once.events()).extracting(e -> e.op()).containsOnly(Operation.READ).hasSize(2);
        } finally {
            initialOnly.stop();
            initialOnly.dropSlotAndPublication();
        }
        Recorder<Row> streamOnly = new Recorder<>();
        CdcListener noSnapshot = CdcTestSupport.listener(db, "snap_conf2").configurationBasedSnapshot(false, true)
                .build();
        noSnapshot.attach(Row.class, streamOnly, "snap");
        noSnapshot.start();
        try {
            exec(client, "INSERT INTO snap VALUES (3, 'newer')");
            assertThat(streamOnly.awaitEvents(1, WAIT).get(0).after().id()).isEqualTo(3);
            assertThat(streamOnly.events()).noneMatch(e -> e.op() == Operation.READ);
        } finally {
            noSnapshot.stop();
            noSnapshot.dropSlotAndPublication();
        }
        assertThatThrownBy(() -> CdcListener.builder().snapshotMode(SnapshotMode.CONFIGURATION_BASED).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configurationBasedSnapshot");
    }

    @Test
    void updatesThatChangeNothingAreSkippedWhenAsked(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE same (id int PRIMARY KEY, v text)", "ALTER TABLE same REPLICA IDENTITY FULL",
                "INSERT INTO same VALUES (1, 'a')");
        Recorder<Row> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "same").snapshotMode(SnapshotMode.NO_DATA)
                .skipMessagesWithoutChange(true).build();
        listener.attach(Row.class, rec, "same");
        listener.start();
        try {
            exec(client, "UPDATE same SET v = v WHERE id = 1", "UPDATE same SET v = 'b' WHERE id = 1");
            assertThat(rec.awaitEvents(1, WAIT).get(0).after().v()).isEqualTo("b");
            exec(client, "INSERT INTO same VALUES (2, 'marker')");
            rec.awaitEvents(2, WAIT);
            assertThat(rec.events()).extracting(e -> e.op()).containsExactly(Operation.UPDATE, Operation.CREATE);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void manualLsnFlushLeavesTheSlotWhereItWas(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE flushes (id int PRIMARY KEY, v text)");
        Recorder<Row> auto = new Recorder<>();
        Recorder<Row> manual = new Recorder<>();
        CdcListener byConnector = CdcTestSupport.listener(db, "flush_auto").snapshotMode(SnapshotMode.NO_DATA)
                .offsetFlushInterval(Duration.ofMillis(100)).build();
        CdcListener byNobody = CdcTestSupport.listener(db, "flush_manual").snapshotMode(SnapshotMode.NO_DATA)
                .offsetFlushInterval(Duration.ofMillis(100)).lsnFlushMode(LsnFlushMode.MANUAL).build();
        byConnector.attach(Row.class, auto, "flushes");
        byNobody.attach(Row.class, manual, "flushes");
        byConnector.start();
        byNobody.start();
        try {
            String before = confirmed("flush_manual");
            exec(client, "INSERT INTO flushes VALUES (1, 'x')");
            String written = client.queryRow(Sql.of("SELECT pg_current_wal_lsn()::text"), String.class);
            auto.awaitEvents(1, WAIT);
            manual.awaitEvents(1, WAIT);
            CdcTestSupport.await(() -> lsnAtLeast(confirmed("flush_auto"), written), WAIT,
                    "the connector confirms the position");
            assertThat(confirmed("flush_manual")).isEqualTo(before);
        } finally {
            byConnector.stop();
            byNobody.stop();
            byConnector.dropSlotAndPublication();
            byNobody.dropSlotAndPublication();
        }
    }

    @Test
    void slotStreamParamsReachThePlugin(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE params (id int PRIMARY KEY)");
        CdcListener listener = CdcTestSupport.listener(db, "params").snapshotMode(SnapshotMode.NO_DATA)
                .slotStreamParam("no_such_option", "on").reconnect(0, Duration.ofMillis(100)).build();
        listener.attach(Row.class, new Recorder<>(), "params");
        try {
            // The plugin reads its options when streaming begins, just after start() returned.
            try {
                listener.start();
            } catch (CdcException e) {
                assertThat(e).hasMessageContaining("no_such_option");
                return;
            }
            assertThat(listener.awaitTermination(WAIT)).isTrue();
            assertThat(listener.failure()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("no_such_option"));
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void theStatusUpdateIntervalSetsHowOftenTheServerHearsFromTheListener(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE chatty (id int PRIMARY KEY)");
        CdcListener often = CdcTestSupport.listener(db, "status_often").snapshotMode(SnapshotMode.NO_DATA)
                .statusUpdateInterval(Duration.ofMillis(100)).build();
        CdcListener rarely = CdcTestSupport.listener(db, "status_rarely").snapshotMode(SnapshotMode.NO_DATA)
                .statusUpdateInterval(Duration.ofMinutes(5)).heartbeatInterval(Duration.ZERO).build();
        often.attach(Row.class, new Recorder<>(), "chatty");
        rarely.attach(Row.class, new Recorder<>(), "chatty");
        often.start();
        rarely.start();
        try {
            // pg_stat_replication.reply_time is when the server last received a status update from that stream.
            java.util.Set<String> oftenReplies = new java.util.HashSet<>();
            java.util.Set<String> rareReplies = new java.util.HashSet<>();
            CdcTestSupport.await(() -> {
                String o = replyTime("status_often");
                String r = replyTime("status_rarely");
                if (o != null) {
                    oftenReplies.add(o);
                }
                if (r != null) {
                    rareReplies.add(r);
                }
                return oftenReplies.size() >= 8;
            }, WAIT, "eight status updates from the 100 ms listener");
            // In the same time (about a second) the 5-minute listener sent its start-up updates at most.
            assertThat(rareReplies).hasSizeLessThanOrEqualTo(3);
        } finally {
            often.stop();
            rarely.stop();
            often.dropSlotAndPublication();
            rarely.dropSlotAndPublication();
        }
    }

    @Test
    void theQueryTimeoutCancelsTheConnectorsOwnStatements(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE slow_beats (at timestamptz)", "CREATE TABLE calm (id int PRIMARY KEY)");
        // The heartbeat action query runs through the connector's JDBC connection, so the timeout applies to it: each
        // run is cancelled after 1 s (Debezium logs it and goes on), and the next heartbeat starts a new one.
        CdcListener listener = CdcTestSupport.listener(db, "query_timeout").snapshotMode(SnapshotMode.NO_DATA)
                .heartbeatInterval(Duration.ofMillis(200))
                .heartbeatActionQuery("INSERT INTO slow_beats SELECT now() FROM pg_sleep(20)")
                .queryTimeout(Duration.ofSeconds(1)).build();
        listener.attach(Row.class, new Recorder<>(), "calm");
        listener.start();
        try {
            java.util.Set<String> starts = new java.util.HashSet<>();
            CdcTestSupport.await(() -> {
                client.queryList(Sql.of("SELECT query_start::text FROM pg_stat_activity WHERE state = 'active' "
                        + "AND query LIKE 'INSERT INTO slow_beats%'"), String.class).forEach(starts::add);
                return starts.size() >= 3;
            }, Duration.ofSeconds(15), "three runs of the 20 s statement within 15 s (each cancelled after 1 s)");
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM slow_beats"), Long.class)).isZero();
            assertThat(listener.isLive()).isTrue();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void theQueueSizeInBytesBoundsWhatWaitsForASlowService(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE wide (id int PRIMARY KEY, v text)");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Recorder<Row> rec = new Recorder<>() {
            @Override
            void before(Event<Row> e) {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long bound = 64 * 1024;
        CdcListener listener = CdcTestSupport.listener(db, "queue_bytes").snapshotMode(SnapshotMode.NO_DATA)
                .maxQueueSizeInBytes(bound).build();
        listener.attach(Row.class, rec, "wide");
        listener.start();
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName streaming = new javax.management.ObjectName(
                "debezium.postgres:type=connector-metrics,context=streaming,server=pgconnector_queue_bytes");
        try {
            // 2,000 rows of about 1 KB: far more than the bound, far fewer than the queue's 8,192-event capacity.
            exec(client, "INSERT INTO wide SELECT g, repeat('x', 1000) FROM generate_series(1, 2000) g");
            CdcTestSupport.await(() -> queueBytes(jmx, streaming) > bound / 2,
                    WAIT, "the queue to fill up while the service is blocked");
            long queued = (Long) jmx.getAttribute(streaming, "CurrentQueueSizeInBytes");
            int remaining = (Integer) jmx.getAttribute(streaming, "QueueRemainingCapacity");
            assertThat(jmx.getAttribute(streaming, "MaxQueueSizeInBytes")).isEqualTo(bound);
            // Held back by bytes, not by count: the queue has room for thousands more events but not more bytes.
            assertThat(queued).isLessThanOrEqualTo(bound + 4096);
            assertThat(remaining).isGreaterThan(4096);
        } finally {
            release.countDown();
        }
        try {
            assertThat(rec.awaitEvents(2000, WAIT)).hasSize(2000);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    /** The streaming queue's current size in bytes, or -1 before the connector registered its metrics. */
    private static long queueBytes(javax.management.MBeanServer jmx, javax.management.ObjectName name) {
        try {
            return (Long) jmx.getAttribute(name, "CurrentQueueSizeInBytes");
        } catch (javax.management.InstanceNotFoundException e) {
            return -1;
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" / ");
        }
        return b.toString();
    }

    private static String replyTime(String slot) {
        return client.queryOptional(Sql.of("SELECT r.reply_time::text FROM pg_stat_replication r "
                + "JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = ?", slot), String.class)
                .orElse(null);
    }

    private static String confirmed(String slot) {
        return client.queryRow(Sql.of("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?",
                slot), String.class);
    }

    private static boolean lsnAtLeast(String lsn, String target) {
        return lsn != null && client.queryRow(Sql.of("SELECT ?::pg_lsn >= ?::pg_lsn", lsn, target), Boolean.class);
    }
}
