package io.pgconnector.client;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.Cidr;
import io.pgconnector.types.Circle;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.JsonPath;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Line;
import io.pgconnector.types.LineSegment;
import io.pgconnector.types.MacAddr;
import io.pgconnector.types.MacAddr8;
import io.pgconnector.types.Oid;
import io.pgconnector.types.PgLsn;
import io.pgconnector.types.PgPath;
import io.pgconnector.types.Point;
import io.pgconnector.types.Polygon;
import io.pgconnector.types.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every type with a binary codec through binary COPY, edge values included: what copyIn wrote in binary equals what it
 * writes in text (compared by the server's text form), reads back with queryList as the values given, and copyOut
 * reads in binary and text what query reads. A silently changed value fails here.
 */
@WithPostgres
@Timeout(120)
class CopyTypesTest {
    static PostgresClient client;

    /**
     * One type: its values (in their natural Java types, as the server returns them) and whether binary COPY is
     * expected.
     */
    record Case(String pgType, boolean binary, List<Object> values) {
        @Override
        public String toString() {
            return pgType;
        }
    }

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    private static List<Object> values(Object... values) {
        List<Object> list = new ArrayList<>(Arrays.asList(values));
        list.add(null);
        return list;
    }

    private static Point p(double x, double y) {
        return Point.of(x, y);
    }

    static Stream<Case> cases() {
        OffsetDateTime utc = OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000, ZoneOffset.UTC);
        return Stream.of(
                new Case("interval", true, values(Interval.of(1, 2, 3, 4, 5, new BigDecimal("6.789012")),
                        Interval.ZERO, new Interval(-14, -3, -1), new Interval(0, 0, 86_400_000_000L * 400))),
                new Case("time", true, values(LocalTime.of(1, 2, 3, 456_000), LocalTime.MIDNIGHT, LocalTime.MAX)),
                new Case("timetz", true, values(OffsetTime.of(LocalTime.of(1, 2, 3, 456_000),
                        ZoneOffset.ofHoursMinutes(5, 30)), OffsetTime.of(LocalTime.MIDNIGHT, ZoneOffset.UTC),
                        OffsetTime.of(LocalTime.of(23, 0), ZoneOffset.ofHours(-12)))),
                new Case("point", true, values(p(1.5, -2), p(-0.0, 1e-300), p(Double.NaN, Double.POSITIVE_INFINITY))),
                new Case("lseg", true, values(LineSegment.of(p(0, 0), p(1.25, -7)))),
                new Case("box", true, values(Box.of(p(3, 4), p(1, 2)), Box.of(p(-1, -1), p(-1, -1)))),
                new Case("line", true, values(Line.of(1, -1, 0), Line.of(0, 2, 3.5))),
                new Case("circle", true, values(Circle.of(p(1, 2), 3.5), Circle.of(p(0, 0), 0))),
                new Case("path", true, values(PgPath.open(p(0, 0), p(1, 1), p(2, 0)), PgPath.closed(p(0, 0),
                        p(1, 1), p(2, 0)))),
                new Case("polygon", true, values(Polygon.of(p(0, 0), p(4, 0), p(4, 3)), Polygon.of(p(1, 1)))),
                new Case("inet", true, values(Inet.parse("192.168.0.1"), Inet.parse("192.168.0.1/24"),
                        Inet.parse("::1"), Inet.parse("::ffff:1.2.3.4"), Inet.parse("2001:db8::1/64"),
                        Inet.parse("0.0.0.0/0"))),
                new Case("cidr", true, values(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"),
                        Cidr.parse("0.0.0.0/0"), Cidr.parse("192.168.1.7/32"))),
                new Case("macaddr", true, values(MacAddr.parse("08:00:2b:01:02:03"), MacAddr.parse("ff:ff:ff:ff:ff:ff"))),
                new Case("macaddr8", true, values(MacAddr8.parse("08:00:2b:01:02:03:04:05"))),
                new Case("pg_lsn", true, values(PgLsn.parse("0/0"), PgLsn.parse("FFFFFFFF/FFFFFFFF"),
                        PgLsn.parse("16/B374D848"))),
                new Case("oid", true, values(Oid.of(0), Oid.of(4_294_967_295L), Oid.of(2_147_483_648L))),
                new Case("bit(5)", true, values(BitString.parse("10101"), BitString.parse("00000"))),
                new Case("varbit", true, values(BitString.parse(""), BitString.parse("1"),
                        BitString.parse("1010101011"))),
                new Case("jsonpath", true, values(JsonPath.parse("$.\"a\"[*]?(@ > 1)"), JsonPath.parse("strict $.\"x\""))),
                new Case("numeric", true, values(new BigDecimal("-12345678901234567890.000000001"), BigDecimal.ZERO,
                        new BigDecimal("1.000"))),
                new Case("int4[]", true, values(List.of(1, 2, 3), List.of(), Arrays.asList(null, -1, null),
                        List.of(Integer.MIN_VALUE))),
                new Case("text[]", true, values(List.of("a", "", "with, comma", "quote \" and \\", "NULL", "{x}"),
                        Arrays.asList((String) null), List.of())),
                new Case("float8[]", true, values(List.of(Double.NaN, -0.0, Double.NEGATIVE_INFINITY, 1e-300))),
                new Case("numeric[]", true, values(List.of(new BigDecimal("1.50"), new BigDecimal("-0.000001")))),
                new Case("date[]", true, values(List.of(LocalDate.MAX, LocalDate.MIN, LocalDate.of(2000, 1, 1)))),
                new Case("timestamptz[]", true, values(List.of(utc, OffsetDateTime.MAX, OffsetDateTime.MIN))),
                new Case("uuid[]", true, values(List.of(new UUID(1, 2), new UUID(-1, -1)))),
                new Case("bool[]", true, values(Arrays.asList(true, null, false))),
                new Case("bytea[]", true, values(List.of(new byte[] {0, 1, (byte) 255}, new byte[0]))),
                new Case("interval[]", true, values(List.of(Interval.ZERO, Interval.parse("1 year -2 days")))),
                new Case("point[]", true, values(List.of(p(1, 2), p(-3.5, 0)))),
                new Case("box[]", true, values(List.of(Box.of(p(1, 1), p(0, 0)), Box.of(p(3, 3), p(2, 2))))),
                new Case("jsonb[]", true, values(List.of(Jsonb.of("{\"a\": [1, 2]}"), Jsonb.of("null")))),
                new Case("int4range[]", true, values(List.of(Range.closedOpen(1, 5), Range.empty()))),
                new Case("int4range", true, values(Range.closedOpen(1, 5), Range.empty(), Range.lessThan(5),
                        Range.atLeast(3), Range.all(), Range.closedOpen(Integer.MIN_VALUE, 0))),
                new Case("int8range", true, values(Range.closedOpen(-1L, Long.MAX_VALUE))),
                new Case("numrange", true, values(Range.closed(new BigDecimal("1.5"), new BigDecimal("2.25")),
                        Range.open(new BigDecimal("-1"), new BigDecimal("1")), Range.empty())),
                new Case("daterange", true, values(Range.closedOpen(LocalDate.of(2020, 1, 1), LocalDate.MAX),
                        Range.closedOpen(LocalDate.MIN, LocalDate.of(2020, 1, 1)), Range.atLeast(LocalDate.of(1, 1, 1)))),
                new Case("tsrange", true, values(Range.closed(LocalDateTime.of(2020, 1, 1, 0, 0),
                        LocalDateTime.of(2020, 1, 1, 0, 0, 0, 1000)), Range.atMost(LocalDateTime.MAX))),
                new Case("tstzrange", true, values(Range.closedOpen(utc, utc.plusDays(1)), Range.all())),
                new Case("money", false, values(new io.pgconnector.types.Money(new BigDecimal("1234.56")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void binaryCopyInWritesWhatTextCopyWritesAndReadsBackExactly(Case c) {
        String table = "t_" + c.pgType().replaceAll("[^a-z0-9]", "_");
        client.execute(Sql.of("DROP TABLE IF EXISTS " + table + "_b, " + table + "_t"));
        client.execute(Sql.of("CREATE TABLE " + table + "_b (id int PRIMARY KEY, v " + c.pgType() + ")"));
        client.execute(Sql.of("CREATE TABLE " + table + "_t (id int PRIMARY KEY, v " + c.pgType() + ")"));
        List<List<Object>> rows = IntStream.range(0, c.values().size())
                .mapToObj(i -> Arrays.asList(i, c.values().get(i))).toList();

        CopyResult auto = client.copyIn(table + "_b", List.of("id", "v"), rows.stream());
        assertThat(auto.format()).isEqualTo(c.binary() ? CopyOptions.Format.BINARY : CopyOptions.Format.TEXT);
        assertThat(auto.rowsCopied()).isEqualTo(rows.size());
        client.copyIn(table + "_t", List.of("id", "v"), rows.stream(),
                CopyOptions.builder().format(CopyOptions.Format.TEXT).build());

        // The server holds the same values, whichever format carried them.
        assertThat(client.queryList(Sql.of("SELECT b.id FROM " + table + "_b b FULL JOIN " + table + "_t t USING (id) "
                + "WHERE b.v::text IS DISTINCT FROM t.v::text OR b.id IS NULL OR t.id IS NULL"), Integer.class))
                .isEmpty();

        Sql all = Sql.of("SELECT id, v FROM " + table + "_b ORDER BY id");
        List<String> viaQuery = client.queryList(all, row -> describe(row.get("v"))).stream().toList();
        assertThat(viaQuery).isEqualTo(c.values().stream().map(CopyTypesTest::describe).toList());
        for (CopyOptions.Format format : List.of(CopyOptions.Format.AUTO, CopyOptions.Format.TEXT)) {
            try (Stream<String> out = client.copyOut(all, row -> describe(row.get("v")),
                    CopyOptions.builder().format(format).build())) {
                assertThat(out.toList()).as(format.name()).isEqualTo(viaQuery);
            }
        }
    }

    /** Compares by value; arrays by content, doubles by bits (NaN, -0.0). */
    private static String describe(Object v) {
        if (v instanceof byte[]) {
            return Arrays.toString((byte[]) v);
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(CopyTypesTest::describe).toList().toString();
        }
        if (v instanceof Double) {
            return "double " + v;
        }
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }

    @Test
    void numericNanAndInfinitiesRoundTripThroughBothFormatsAsDoubles() {
        client.execute(Sql.of("CREATE TABLE specials (id int PRIMARY KEY, n numeric)"));
        List<Double> values = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, -0.0);
        CopyResult r = client.copyIn("specials", List.of("id", "n"),
                IntStream.range(0, values.size()).mapToObj(i -> List.of(i, values.get(i))));
        assertThat(r.format()).isEqualTo(CopyOptions.Format.BINARY);
        assertThat(client.queryList(Sql.of("SELECT n::text FROM specials ORDER BY id"), String.class))
                .containsExactly("NaN", "Infinity", "-Infinity", "0.1", "0.0");
        Sql all = Sql.of("SELECT n FROM specials ORDER BY id");
        List<Double> viaQuery = client.queryList(all, Double.class);
        assertThat(viaQuery).containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 0.0);
        for (CopyOptions.Format format : List.of(CopyOptions.Format.AUTO, CopyOptions.Format.TEXT)) {
            CopyOptions options = CopyOptions.builder().format(format).build();
            try (Stream<Double> out = client.copyOut(all, Double.class, options)) {
                assertThat(out.toList()).as(format.name()).isEqualTo(viaQuery);
            }
            // BigDecimal cannot hold NaN: a clear error, not another value.
            assertThatThrownBy(() -> {
                try (Stream<BigDecimal> out = client.copyOut(all, BigDecimal.class, options)) {
                    out.toList();
                }
            }).as(format.name()).isInstanceOf(io.pgconnector.errors.ConversionException.class)
                    .hasMessageContaining("NaN");
        }
    }

    @Test
    void aMultiDimensionalArrayIsRefusedInBothFormatsAsQueryRefusesIt() {
        client.execute(Sql.of("CREATE TABLE grid (g int4[])"));
        client.execute(Sql.of("INSERT INTO grid VALUES ('{{1,2},{3,4}}')"));
        for (CopyOptions.Format format : List.of(CopyOptions.Format.AUTO, CopyOptions.Format.TEXT)) {
            assertThatThrownBy(() -> {
                try (Stream<Object> s = client.copyOut(Sql.of("SELECT g FROM grid"), row -> row.get(0),
                        CopyOptions.builder().format(format).build())) {
                    s.toList();
                }
            }).as(format.name()).isInstanceOf(io.pgconnector.errors.ConversionException.class);
        }
        // Its text form is the way out, as with query.
        try (Stream<String> s = client.copyOut(Sql.of("SELECT g::text FROM grid"), String.class)) {
            assertThat(s.toList()).containsExactly("{{1,2},{3,4}}");
        }
    }

    @Test
    void anInfiniteIntervalIsRefusedRatherThanReadAsAnotherValue() {
        org.junit.jupiter.api.Assumptions.assumeTrue(client.queryRow(Sql.of("SHOW server_version_num"), String.class)
                .compareTo("170000") >= 0, "infinite intervals need PostgreSQL 17");
        for (CopyOptions.Format format : List.of(CopyOptions.Format.AUTO, CopyOptions.Format.TEXT)) {
            assertThatThrownBy(() -> {
                try (Stream<Interval> s = client.copyOut(Sql.of("SELECT 'infinity'::interval"), Interval.class,
                        CopyOptions.builder().format(format).build())) {
                    s.toList();
                }
            }).as(format.name()).isInstanceOf(io.pgconnector.errors.ConversionException.class);
        }
    }
}
