package io.pgconnector.types.roundtrip;

import io.pgconnector.client.PostgresClient;
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
import io.pgconnector.types.roundtrip.RoundTrips.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Every built-in type of FEATURES.md §2 through a real server: parameter, column, scalar, Map, arrays, NULL. */
@WithPostgres
@Timeout(180)
class BuiltInTypesRoundTripTest {
    static PostgresClient client;
    static String role;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        role = db.username();
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @TestFactory
    Stream<DynamicTest> numeric() {
        return tests(List.of(
                Case.of("int2", (short) -32768), Case.of("int2", Short.MAX_VALUE),
                Case.of("int4", Integer.MIN_VALUE), Case.of("int4", 0),
                Case.of("int8", Long.MAX_VALUE), Case.of("int8", Long.MIN_VALUE),
                Case.of("numeric", new BigDecimal("12345678901234567890.123456789")),
                Case.of("numeric", new BigDecimal("-0.000000000000000000001")),
                Case.of("numeric(10,2)", new BigDecimal("-99999999.99")),
                Case.of("float4", 3.4028235E38f), Case.of("float4", 1.4E-45f), Case.of("float4", Float.NaN),
                Case.of("float4", Float.NEGATIVE_INFINITY),
                Case.of("float8", Math.PI), Case.of("float8", Double.MIN_VALUE), Case.of("float8", -0.0),
                Case.of("float8", Double.NaN), Case.of("float8", Double.POSITIVE_INFINITY),
                Case.of("float8", 1.0E300),
                Case.of("money", Money.of("1234567.89")), Case.of("money", Money.of("-1234.56")),
                Case.of("money", Money.of("-92233720368547758.08")),
                Case.of("money", Money.of("92233720368547758.07"))));
    }

    @TestFactory
    Stream<DynamicTest> characterBooleanBinary() {
        return tests(List.of(
                Case.of("text", "plain"), Case.of("text", ""), Case.of("text", "quotes ' \" back\\slash {a,b} (x)"),
                Case.of("text", "NULL"), Case.of("text", "unicode: \u00e9\u4e2d\ud83d\ude00"),
                Case.of("varchar(10)", "short"), Case.of("char(5)", "abcde"),
                Case.of("char(5)", "ab").readsBack("ab   "), Case.of("name", "pg_class"),
                Case.of("\"char\"", "x"),
                Case.of("bool", true), Case.of("bool", false),
                Case.of("bytea", new byte[] {0, 1, (byte) 0xff, '\\', '"', ','}), Case.of("bytea", new byte[0]),
                Case.of("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))));
    }

    @TestFactory
    Stream<DynamicTest> dateTime() {
        OffsetDateTime micros = OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123456000, ZoneOffset.UTC);
        return tests(List.of(
                Case.of("date", LocalDate.of(2024, 2, 29)), Case.of("date", LocalDate.of(1969, 7, 20)),
                Case.of("date", LocalDate.of(2500, 12, 31)), Case.of("date", LocalDate.of(-43, 3, 15)),
                Case.of("date", LocalDate.MAX), Case.of("date", LocalDate.MIN),
                Case.of("time", LocalTime.of(23, 59, 59, 999999000)), Case.of("time", LocalTime.MIDNIGHT),
                Case.of("timetz", OffsetTime.of(10, 11, 12, 123456000, ZoneOffset.ofHoursMinutes(-5, -30))),
                Case.of("timetz", OffsetTime.of(0, 0, 0, 0, ZoneOffset.UTC)),
                Case.of("timestamp", LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000)),
                Case.of("timestamp", LocalDateTime.of(2100, 12, 31, 23, 59, 59, 999999000)),
                Case.of("timestamp", LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500000000)),
                Case.of("timestamp", LocalDateTime.of(-100, 6, 1, 12, 0)),
                Case.of("timestamp", LocalDateTime.MAX), Case.of("timestamp", LocalDateTime.MIN),
                Case.of("timestamptz", micros),
                Case.of("timestamptz", OffsetDateTime.of(1950, 1, 1, 0, 0, 0, 1000, ZoneOffset.ofHours(5)))
                        .readsBack(OffsetDateTime.of(1949, 12, 31, 19, 0, 0, 1000, ZoneOffset.UTC)),
                Case.of("timestamptz", OffsetDateTime.of(2262, 4, 11, 23, 47, 16, 854775000, ZoneOffset.UTC)),
                Case.of("timestamptz", OffsetDateTime.MAX), Case.of("timestamptz", OffsetDateTime.MIN),
                Case.of("timestamptz", Instant.class, Instant.parse("1901-12-13T20:45:52.000001Z"))
                        .naturally(OffsetDateTime.of(1901, 12, 13, 20, 45, 52, 1000, ZoneOffset.UTC)),
                Case.of("timestamptz", Instant.class, Instant.parse("2038-01-19T03:14:08.999999Z"))
                        .naturally(OffsetDateTime.of(2038, 1, 19, 3, 14, 8, 999999000, ZoneOffset.UTC)),
                Case.of("timestamptz", Instant.MAX).naturally(OffsetDateTime.MAX),
                Case.of("interval", Interval.parse("1 year 2 mons -3 days 04:05:06.789")),
                Case.of("interval", Interval.parse("-1 years +2 mons 3 days -04:05:06.000001")),
                Case.of("interval", Interval.ZERO),
                Case.of("interval", Interval.of(178000000, 11, 30, 0, 0, 0)),
                Case.of("interval", Duration.class, Duration.ofSeconds(-90061, 500000000))
                        .naturally(Interval.of(Duration.ofSeconds(-90061, 500000000))),
                Case.of("interval", Period.class, Period.of(1, 14, -3))
                        .readsBack(Period.of(2, 2, -3)).naturally(Interval.of(Period.of(2, 2, -3)))));
    }

    @TestFactory
    Stream<DynamicTest> geometric() {
        Point a = Point.of(1.5, -2.25);
        Point b = Point.of(1e-300, 1e300);
        Point c = Point.of(-3, 4);
        return tests(List.of(
                Case.of("point", a), Case.of("point", b), Case.of("point", Point.of(Double.NaN, -0.0)),
                Case.of("line", Line.of(1, -1, 0.5)), Case.of("lseg", LineSegment.of(a, c)),
                Case.of("box", Box.of(a, c)), Case.of("path", PgPath.open(a, b, c)), Case.of("path", PgPath.closed(a, c)),
                Case.of("polygon", Polygon.of(a, b, c)), Case.of("circle", Circle.of(c, 2.5))));
    }

    @TestFactory
    Stream<DynamicTest> network() throws UnknownHostException {
        return tests(List.of(
                Case.of("inet", Inet.of(InetAddress.getByName("192.168.0.1"))),
                Case.of("inet", Inet.of(InetAddress.getByName("192.168.0.1"), 24)),
                Case.of("inet", Inet.of(InetAddress.getByName("2001:db8::ff00:42:8329"))),
                Case.of("inet", Inet.parse("::ffff:1.2.3.4/120")),
                Case.of("cidr", Cidr.parse("10.0.0.0/8")), Case.of("cidr", Cidr.parse("2001:db8::/32")),
                Case.of("macaddr", MacAddr.parse("08:00:2b:01:02:03")),
                Case.of("macaddr8", MacAddr8.parse("08:00:2b:01:02:03:04:05"))));
    }

    @TestFactory
    Stream<DynamicTest> ranges() {
        BigDecimal half = new BigDecimal("0.5");
        LocalDateTime t0 = LocalDateTime.of(1960, 1, 1, 0, 0);
        LocalDateTime t1 = LocalDateTime.of(2040, 1, 1, 0, 0, 0, 1000);
        OffsetDateTime z0 = OffsetDateTime.of(1960, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime z1 = OffsetDateTime.of(2040, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC);
        return tests(List.of(
                Case.of("int4range", Range.class, Range.closedOpen(1, 5)),
                Case.of("int4range", Range.class, Range.closed(1, 5)).readsBack(Range.closedOpen(1, 6)),
                Case.of("int4range", Range.class, Range.<Integer>empty()),
                Case.of("int4range", Range.class, Range.atLeast(-3)),
                Case.of("int4range", Range.class, Range.<Integer>all()),
                Case.of("int8range", Range.class, Range.open(1L, 5_000_000_000L))
                        .readsBack(Range.closedOpen(2L, 5_000_000_000L)),
                Case.of("numrange", Range.class, Range.openClosed(half.negate(), half)),
                Case.of("numrange", Range.class, Range.lessThan(new BigDecimal("1e-20"))),
                Case.of("daterange", Range.class, Range.closed(LocalDate.of(1960, 1, 1), LocalDate.of(2040, 1, 1)))
                        .readsBack(Range.closedOpen(LocalDate.of(1960, 1, 1), LocalDate.of(2040, 1, 2))),
                Case.of("daterange", Range.class, Range.closedOpen(LocalDate.MIN, LocalDate.MAX)),
                Case.of("tsrange", Range.class, Range.closedOpen(t0, t1)),
                Case.of("tsrange", Range.class, Range.greaterThan(t0)),
                Case.of("tstzrange", Range.class, Range.closed(z0, z1)),
                Case.of("tstzrange", Range.class, Range.atMost(z1))));
    }

    @TestFactory
    Stream<DynamicTest> jsonTextSearchBitsAndMore() {
        return tests(List.of(
                Case.of("json", Json.of("{\"b\": 1,  \"a\": [1, 2.50, \"x\"]}")),
                Case.of("jsonb", Jsonb.of("{\"b\": 1,  \"a\": [1, 2.50, \"x\\u0041\"], \"b\": 2}")),
                Case.of("jsonb", Jsonb.of("12345678901234567890.5")),
                Case.of("jsonpath", JsonPath.of("$.\"a\"[*]?(@ > 1)")),
                Case.of("jsonpath", JsonPath.of("$.a[*] ? (@ > 1)")).readsBack(JsonPath.of("$.\"a\"[*]?(@ > 1)")),
                Case.of("tsvector", TsVector.parse("a fat:2A cat:3 sat:4,1B 'it''s'")),
                Case.of("tsquery", TsQuery.of("'fat' & ( 'rat' | !'cat' )")),
                Case.of("tsquery", TsQuery.of("fat & rat")).readsBack(TsQuery.of("'fat' & 'rat'")),
                Case.of("bit(5)", BitString.parse("10110")), Case.of("varbit", BitString.parse("")),
                Case.of("varbit(70)", BitString.parse("1".repeat(33) + "0".repeat(37))),
                Case.of("bit(1)", BitString.parse("1")),
                Case.of("pg_lsn", PgLsn.parse("16/B374D848")), Case.of("pg_lsn", PgLsn.parse("FFFFFFFF/FFFFFFFF")),
                Case.of("oid", Oid.of(4294967295L)), Case.of("oid", Oid.of(0)),
                Case.of("xml", Xml.of("<a href=\"x\">1 &amp; 2</a>")), Case.of("xml", Xml.of("just text"))));
    }

    @TestFactory
    Stream<DynamicTest> objectIdentifiers() {
        return tests(List.of(
                reg(ObjectIdentifierKind.REGCLASS, "pg_class"), reg(ObjectIdentifierKind.REGTYPE, "integer"),
                reg(ObjectIdentifierKind.REGTYPE, "timestamp with time zone[]"),
                reg(ObjectIdentifierKind.REGPROC, "now"), reg(ObjectIdentifierKind.REGPROCEDURE, "sum(integer)"),
                reg(ObjectIdentifierKind.REGOPER, "||/"), reg(ObjectIdentifierKind.REGOPERATOR, "+(integer,integer)"),
                reg(ObjectIdentifierKind.REGNAMESPACE, "public"), reg(ObjectIdentifierKind.REGROLE, role),
                reg(ObjectIdentifierKind.REGCONFIG, "english"), reg(ObjectIdentifierKind.REGDICTIONARY, "simple"),
                reg(ObjectIdentifierKind.REGCOLLATION, "\"C\"")));
    }

    private static Case reg(ObjectIdentifierKind kind, String name) {
        return Case.of(kind.typeName(), ObjectIdentifier.of(kind, name));
    }

    static Stream<DynamicTest> tests(List<Case> cases) {
        List<DynamicTest> out = new ArrayList<>();
        for (Case c : cases) {
            out.add(DynamicTest.dynamicTest(c.toString(), () -> RoundTrips.check(client, c)));
        }
        return out.stream();
    }
}
