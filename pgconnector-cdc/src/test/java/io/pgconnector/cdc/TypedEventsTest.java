package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Point;
import io.pgconnector.types.Range;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every type family of the type model arrives in a change event as the client would read it. */
@WithPostgres
@Timeout(120)
class TypedEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    enum Mood { SAD, OK, HAPPY }

    record AllTypes(int id, short small, long big, BigDecimal amount, BigDecimal anyScale, double ratio,
            float approx, boolean flag, String label, OffsetDateTime at, Instant atInstant, LocalDateTime local,
            LocalDate day, LocalTime clock, UUID uid, Jsonb doc, Point pos, Range<Integer> span,
            Range<OffsetDateTime> period, Mood mood, List<String> tags, List<Integer> numbers, Inet addr,
            Interval gap, byte[] blob) {
    }

    private static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = CdcTestSupport.client(db);
        exec(client, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE all_types (id int PRIMARY KEY, small int2, big int8, amount numeric(20,4), "
                        + "any_scale numeric, ratio float8, approx float4, flag bool, label varchar(20), "
                        + "at timestamptz, at_instant timestamptz, local timestamp, day date, clock time, uid uuid, "
                        + "doc jsonb, pos point, span int4range, period tstzrange, mood mood, tags text[], "
                        + "numbers int4[], addr inet, gap interval, blob bytea)",
                "ALTER TABLE all_types REPLICA IDENTITY FULL");
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    private static final String INSERT = "INSERT INTO all_types VALUES (1, 12, 9007199254740993, "
            + "1234567890123456.7891, 3.14159265358979323846264338327950288, 0.1, 1.5, true, 'héllo', "
            + "'2024-02-29 23:59:59.123456+05:30', '1999-12-31 23:59:59.999999Z', '2024-01-02 03:04:05.654321', "
            + "'0044-03-15', '13:14:15.161718', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
            + "'{\"k\": [1, 2, {\"n\": null}]}', '(1.5,-2.25)', '[1,5)', "
            + "'[2024-01-01 00:00:00+00,2024-02-01 12:30:00+00)', 'happy', ARRAY['a', 'b c', NULL, 'd\"e'], "
            + "'{1,2,3}', '192.168.0.1/24', '1 year 2 mons 3 days 04:05:06.5', '\\x00ff10')";

    @Test
    void snapshotAndStreamedRowsMapToTheSameValuesAsAQuery(PostgresDatabase db) throws Exception {
        exec(client, INSERT);
        AllTypes expected = client.queryRow(Sql.of("SELECT * FROM all_types WHERE id = 1"), AllTypes.class);
        Recorder<AllTypes> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "types_all").build();
        listener.attach(AllTypes.class, rec, "all_types");
        listener.start();
        try {
            AllTypes read = rec.awaitEvents(1, e -> e.after().id() == 1, WAIT).get(0).after();
            assertSame(read, expected);
            exec(client, INSERT.replace("VALUES (1,", "VALUES (2,"),
                    "UPDATE all_types SET label = 'x' WHERE id = 2");
            List<Recorder.Event<AllTypes>> events = rec.awaitEvents(2, e -> !e.src().snapshot(), WAIT);
            assertSame(events.get(0).after(), withId(expected, 2));
            assertSame(events.get(1).before(), withId(expected, 2));

            AllTypes e = events.get(0).after();
            assertThat(e.amount()).isEqualByComparingTo("1234567890123456.7891");
            assertThat(e.anyScale()).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
            assertThat(e.at().toInstant()).isEqualTo(Instant.parse("2024-02-29T18:29:59.123456Z"));
            assertThat(e.atInstant()).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
            assertThat(e.local()).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 654_321_000));
            assertThat(e.day()).isEqualTo(LocalDate.of(44, 3, 15));
            assertThat(e.clock()).isEqualTo(LocalTime.of(13, 14, 15, 161_718_000));
            assertThat(e.pos()).isEqualTo(new Point(1.5, -2.25));
            assertThat(e.span().toString()).isEqualTo("[1,5)");
            assertThat(e.mood()).isEqualTo(Mood.HAPPY);
            assertThat(e.tags()).containsExactly("a", "b c", null, "d\"e");
            assertThat(e.numbers()).containsExactly(1, 2, 3);
            assertThat(e.addr()).isEqualTo(Inet.parse("192.168.0.1/24"));
            assertThat(e.gap()).isEqualTo(Interval.parse("1 year 2 mons 3 days 04:05:06.5"));
            assertThat(e.blob()).containsExactly(0x00, 0xff, 0x10);
            assertThat(e.flag()).isTrue();
            assertThat(e.uid()).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void mapRowsHoldTheNaturalTypes(PostgresDatabase db) throws Exception {
        Recorder<Map<String, Object>> rec = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        CdcListener listener = CdcTestSupport.listener(db, "types_map").snapshotMode(SnapshotMode.NEVER).build();
        listener.attach(mapType, rec, "all_types");
        listener.start();
        try {
            exec(client, INSERT.replace("VALUES (1,", "VALUES (3,"));
            Map<String, Object> row = rec.awaitEvents(1, WAIT).get(0).after();
            Map<String, Object> queried = client.queryRow(Sql.of("SELECT * FROM all_types WHERE id = 3"));
            for (Map.Entry<String, Object> e : queried.entrySet()) {
                Object actual = row.get(e.getKey());
                if (e.getValue() instanceof byte[]) {
                    assertThat((byte[]) actual).as(e.getKey()).isEqualTo((byte[]) e.getValue());
                } else {
                    assertThat(actual).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void moreTypesMatchQueryResults(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE more_types (id int PRIMARY KEY, cash money, bits bit(3), vbits varbit, "
                + "mac macaddr, net cidr, tz timetz, doc json, x xml, words tsvector, ch char(3), "
                + "ranges daterange, nums numrange, longs int8range, stamps tsrange, dates date[], "
                + "amounts numeric[], flags bool[], big_ints int8[])");
        Recorder<Map<String, Object>> rec = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        CdcListener listener = CdcTestSupport.listener(db, "types_more").snapshotMode(SnapshotMode.NEVER).build();
        listener.attach(mapType, rec, "more_types");
        listener.start();
        try {
            exec(client, "INSERT INTO more_types VALUES (1, 12.34, B'101', B'1100101', '08:00:2b:01:02:03', "
                    + "'10.1.0.0/16', '13:14:15.5+02', '{\"a\": 1}', '<a>b</a>', 'fat cat sat', 'ab', "
                    + "'[2024-01-01,2024-02-01)', '[1.5,2.5]', '[1,10)', '[2024-01-01 10:00,2024-01-02 10:00)', "
                    + "'{2024-01-01,NULL}', '{1.5,2,3}', '{t,f}', '{9007199254740993}')");
            Map<String, Object> row = rec.awaitEvents(1, WAIT).get(0).after();
            Map<String, Object> queried = client.queryRow(Sql.of("SELECT * FROM more_types WHERE id = 1"));
            org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
            for (Map.Entry<String, Object> e : queried.entrySet()) {
                if (e.getKey().equals("tz")) {
                    // Debezium normalises timetz to UTC: the same time, not the same offset.
                    soft.assertThat(((java.time.OffsetTime) row.get("tz")).isEqual((java.time.OffsetTime) e.getValue()))
                            .as("tz %s vs %s", row.get("tz"), e.getValue()).isTrue();
                    continue;
                }
                soft.assertThat(row.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            soft.assertAll();
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    private static AllTypes withId(AllTypes t, int id) {
        return new AllTypes(id, t.small(), t.big(), t.amount(), t.anyScale(), t.ratio(), t.approx(), t.flag(),
                t.label(), t.at(), t.atInstant(), t.local(), t.day(), t.clock(), t.uid(), t.doc(), t.pos(), t.span(),
                t.period(), t.mood(), t.tags(), t.numbers(), t.addr(), t.gap(), t.blob());
    }

    private static void assertSame(AllTypes actual, AllTypes expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
}
