package io.pgconnector.types.roundtrip;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.Cidr;
import io.pgconnector.types.Circle;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Json;
import io.pgconnector.types.JsonPath;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Line;
import io.pgconnector.types.LineSegment;
import io.pgconnector.types.MacAddr;
import io.pgconnector.types.MacAddr8;
import io.pgconnector.types.Money;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.ObjectIdentifierKind;
import io.pgconnector.types.Oid;
import io.pgconnector.types.PgPath;
import io.pgconnector.types.PgLsn;
import io.pgconnector.types.Point;
import io.pgconnector.types.Polygon;
import io.pgconnector.types.Range;
import io.pgconnector.types.TsQuery;
import io.pgconnector.types.TsVector;
import io.pgconnector.types.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One wide table holding every type, read back into records whose components are typed: the component's generic
 * type decides the Java type (a {@code Range<Long>}, a {@code List<Point>}, a {@code Duration}).
 */
@WithPostgres
@Timeout(120)
class RecordMappingTest {
    static PostgresClient client;

    record Scalars(short i2, int i4, long i8, Integer serial4, Long serial8, BigDecimal num, float f4, double f8,
            Money money, String ch, String vc, String txt, String nm, boolean flag, byte[] bytes, UUID uid,
            LocalDate day, LocalTime clock, OffsetTime clockTz, LocalDateTime stamp, OffsetDateTime stampTz,
            Instant instant, Interval span, Duration duration, Period period, Point pt, Line ln, LineSegment seg,
            Box bx, PgPath pth, Polygon poly, Circle circ, Inet ip, Cidr net, MacAddr mac, MacAddr8 mac8,
            Range<Integer> r4, Range<Long> r8, Range<BigDecimal> rn, Range<LocalDate> rd, Range<LocalDateTime> rts,
            Range<OffsetDateTime> rtz, Json js, Jsonb jsb, JsonPath jp, TsVector tv, TsQuery tq, Boolean bit1,
            BitString bits, BitString vbits, PgLsn lsn, Oid oid, ObjectIdentifier cls, ObjectIdentifier typ,
            Xml doc) {
    }

    record Arrays1(short[] i2, Integer[] i4, List<Long> i8, List<BigDecimal> num, double[] f8, List<Money> money,
            String[] txt, List<String> vc, boolean[] flags, List<byte[]> bytes, UUID[] ids, List<LocalDate> days,
            List<OffsetDateTime> stamps, Instant[] instants, List<Interval> spans, List<Duration> durations,
            Point[] pts, List<Box> boxes, List<PgPath> paths, List<Inet> ips, List<Range<Integer>> r4,
            List<Range<OffsetDateTime>> rtz, List<Jsonb> docs, List<BitString> bits, List<ObjectIdentifier> types,
            Optional<List<Integer>> maybe) {
    }

    record Nulls(Integer i4, BigDecimal num, String txt, byte[] bytes, LocalDate day, OffsetDateTime stampTz,
            Interval span, Point pt, Range<Integer> r4, Jsonb jsb, List<Integer> arr, Optional<String> maybe) {
    }

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE scalars (id int, i2 smallint, i4 integer, i8 bigint, serial4 serial, "
                + "serial8 bigserial, num numeric, f4 real, f8 double precision, money money, ch char(3), "
                + "vc varchar(20), txt text, nm name, flag boolean, bytes bytea, uid uuid, day date, clock time, "
                + "clock_tz timetz, stamp timestamp, stamp_tz timestamptz, instant timestamptz, span interval, "
                + "duration interval, period interval, pt point, ln line, seg lseg, bx box, pth path, poly polygon, "
                + "circ circle, ip inet, net cidr, mac macaddr, mac8 macaddr8, r4 int4range, r8 int8range, "
                + "rn numrange, rd daterange, rts tsrange, rtz tstzrange, js json, jsb jsonb, jp jsonpath, "
                + "tv tsvector, tq tsquery, bit1 bit(1), bits bit(4), vbits varbit, lsn pg_lsn, oid oid, "
                + "cls regclass, typ regtype, doc xml)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void everyTypeIntoTypedRecordComponents() {
        Point a = Point.of(1, 2);
        Point b = Point.of(-3.5, 4.25);
        OffsetDateTime tz = OffsetDateTime.of(2039, 1, 1, 12, 0, 0, 999_999_000, ZoneOffset.UTC);
        Scalars in = new Scalars((short) 7, 42, 1L << 40, 1, 1L, new BigDecimal("3.14159"), 1.5f, 2.5,
                Money.of("-1234567.89"), "abc", "varchar", "text", "name", true, new byte[] {1, 2},
                UUID.randomUUID(), LocalDate.of(1960, 2, 29), LocalTime.of(13, 14, 15, 16000),
                OffsetTime.of(1, 2, 3, 0, ZoneOffset.ofHours(9)), LocalDateTime.of(2040, 2, 29, 0, 0),
                tz, Instant.parse("1965-06-07T08:09:10.123456Z"), Interval.parse("-1 mons +2 days -00:00:03"),
                Duration.ofMillis(-1500), Period.of(1, -2, 3), a, Line.of(1, 2, 3), LineSegment.of(a, b), Box.of(a, b),
                PgPath.closed(a, b, Point.of(0, 0)), Polygon.of(a, b, Point.of(0, 0)), Circle.of(a, 1),
                Inet.parse("::1"), Cidr.parse("192.168.0.0/16"), MacAddr.parse("01:02:03:04:05:06"),
                MacAddr8.parse("01:02:03:04:05:06:07:08"), Range.closedOpen(1, 10), Range.atLeast(5L),
                Range.open(BigDecimal.ONE, BigDecimal.TEN), Range.closedOpen(LocalDate.of(2020, 1, 1), LocalDate.MAX),
                Range.<LocalDateTime>empty(), Range.closedOpen(tz.minusYears(100), tz), Json.of("[1, 2]"),
                Jsonb.of("{\"k\": [true, null]}"), JsonPath.of("$.\"k\"[0]"), TsVector.parse("'a':1 'b':2"),
                TsQuery.of("'a' <-> 'b'"), true, BitString.parse("1010"), BitString.parse("1"),
                PgLsn.parse("0/16B3748"), Oid.of(3_000_000_000L), ObjectIdentifier.of(ObjectIdentifierKind.REGCLASS,
                "scalars"), ObjectIdentifier.of(ObjectIdentifierKind.REGTYPE, "bigint"), Xml.of("<x/>"));
        client.execute(Sql.of("INSERT INTO scalars VALUES (1, ?, ?, ?, DEFAULT, DEFAULT, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?::int::bit(1), ?, ?, ?, ?, ?, ?, ?)",
                in.i2(), in.i4(), in.i8(), in.num(), in.f4(), in.f8(), in.money(), in.ch(), in.vc(), in.txt(),
                in.nm(), in.flag(), in.bytes(), in.uid(), in.day(), in.clock(), in.clockTz(), in.stamp(), in.stampTz(),
                in.instant(), in.span(), in.duration(), in.period(), in.pt(), in.ln(), in.seg(), in.bx(), in.pth(),
                in.poly(), in.circ(), in.ip(), in.net(), in.mac(), in.mac8(), in.r4(), in.r8(), in.rn(), in.rd(),
                in.rts(), in.rtz(), in.js(), in.jsb(), in.jp(), in.tv(), in.tq(), in.bit1() ? 1 : 0, in.bits(),
                in.vbits(), in.lsn(), in.oid(), in.cls(), in.typ(), in.doc()));

        Scalars out = client.queryRow(Sql.of("SELECT * FROM scalars WHERE id = 1"), Scalars.class);

        // Period(1, -2, 3) is stored as "10 mons 3 days" and normalised when read back.
        assertThat(out.period()).isEqualTo(Period.of(0, 10, 3));
        assertThat(out).usingRecursiveComparison().usingOverriddenEquals().ignoringFields("period").isEqualTo(in);
    }

    @Test
    void everyArrayFormIntoTypedRecordComponents() {
        client.execute(Sql.of("CREATE TABLE arrays (i2 int2[], i4 int4[], i8 int8[], num numeric[], f8 float8[], "
                + "money money[], txt text[], vc varchar(5)[], flags bool[], bytes bytea[], ids uuid[], days date[], "
                + "stamps timestamptz[], instants timestamptz[], spans interval[], durations interval[], pts point[], "
                + "boxes box[], paths path[], ips inet[], r4 int4range[], rtz tstzrange[], docs jsonb[], "
                + "bits varbit[], types regtype[], maybe int[])"));
        OffsetDateTime t = OffsetDateTime.of(1901, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC);
        Arrays1 in = new Arrays1(new short[] {1, -1}, new Integer[] {1, null, 3}, Arrays.asList(1L, null),
                List.of(new BigDecimal("1.10"), new BigDecimal("-2")), new double[] {Double.NaN, 1e-5},
                List.of(Money.of("1000.01"), Money.of("-0.01")), new String[] {"a,b", "", "NULL", "{x}", "\"q\""},
                Arrays.asList("x y", null), new boolean[] {true, false}, Arrays.asList(new byte[] {0}, null),
                new UUID[] {UUID.randomUUID()}, List.of(LocalDate.MIN, LocalDate.of(1, 1, 1), LocalDate.MAX),
                List.of(t, OffsetDateTime.MAX), new Instant[] {Instant.EPOCH.minusNanos(1000)},
                List.of(Interval.parse("1 day -1 hour"), Interval.ZERO), List.of(Duration.ofNanos(-1000)),
                new Point[] {Point.of(1, 2), null}, List.of(Box.of(Point.of(1, 1), Point.of(0, 0)),
                Box.of(Point.of(2, 2), Point.of(3, 3))), List.of(PgPath.open(Point.of(1, 1), Point.of(2, 2))),
                List.of(Inet.parse("fe80::1/64"), Inet.parse("10.1.2.3")), List.of(Range.closedOpen(1, 2),
                Range.empty()), List.of(Range.closedOpen(t, t.plusDays(1))), List.of(Jsonb.of("{\"a\":\"]\"}")),
                List.of(BitString.parse("101"), BitString.parse("")),
                List.of(ObjectIdentifier.of(ObjectIdentifierKind.REGTYPE, "integer[]")), Optional.of(List.of()));
        client.execute(Sql.of("INSERT INTO arrays VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?)", in.i2(), in.i4(), in.i8(), in.num(), in.f8(), in.money(), in.txt(), in.vc(),
                in.flags(), in.bytes(), in.ids(), in.days(), in.stamps(), in.instants(), in.spans(), in.durations(),
                in.pts(), in.boxes(), in.paths(), in.ips(), in.r4(), in.rtz(), in.docs(), in.bits(), in.types(),
                List.of()));

        Arrays1 out = client.queryRow(Sql.of("SELECT * FROM arrays"), Arrays1.class);

        assertThat(RoundTrips.normalise(out.bytes())).isEqualTo(RoundTrips.normalise(in.bytes()));
        assertThat(out.f8()).containsExactly(in.f8());
        assertThat(out).usingRecursiveComparison().usingOverriddenEquals().ignoringFields("bytes", "f8")
                .isEqualTo(in);
    }

    @Test
    void sqlNullIntoEveryKindOfComponent() {
        Nulls out = client.queryRow(Sql.of("SELECT NULL::int AS i4, NULL::numeric AS num, NULL::text AS txt, "
                + "NULL::bytea AS bytes, NULL::date AS day, NULL::timestamptz AS stamp_tz, NULL::interval AS span, "
                + "NULL::point AS pt, NULL::int4range AS r4, NULL::jsonb AS jsb, NULL::int[] AS arr, "
                + "NULL::text AS maybe"), Nulls.class);
        assertThat(out).isEqualTo(new Nulls(null, null, null, null, null, null, null, null, null, null, null,
                Optional.empty()));
    }
}
