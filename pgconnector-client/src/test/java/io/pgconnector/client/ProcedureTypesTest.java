package io.pgconnector.client;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.Cidr;
import io.pgconnector.types.Circle;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Json;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Line;
import io.pgconnector.types.LineSegment;
import io.pgconnector.types.MacAddr;
import io.pgconnector.types.MacAddr8;
import io.pgconnector.types.Money;
import io.pgconnector.types.PgPath;
import io.pgconnector.types.PgLsn;
import io.pgconnector.types.Point;
import io.pgconnector.types.Polygon;
import io.pgconnector.types.Range;
import io.pgconnector.types.TsVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** INOUT and OUT parameters of every type family, each sent to a procedure that hands it back. */
@WithPostgres
@Timeout(120)
class ProcedureTypesTest {
    enum Mood { HAPPY, SAD }

    static PostgresClient client;
    static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TYPE mood AS ENUM ('HAPPY', 'SAD')"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    /** One type: its SQL name, a Java value, and how to compare what came back. */
    record Case(String sqlType, Object value, BiConsumer<Object, Object> check) {
        static Case equal(String sqlType, Object value) {
            return new Case(sqlType, value, (sent, back) -> assertThat(back).isEqualTo(sent));
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Numeric
        cases.add(Case.equal("smallint", (short) -12));
        cases.add(Case.equal("integer", 2_000_000_000));
        cases.add(Case.equal("bigint", Long.MIN_VALUE));
        cases.add(new Case("numeric", new BigDecimal("12345678901234567890.123456789"),
                (sent, back) -> assertThat((BigDecimal) back).isEqualByComparingTo((BigDecimal) sent)));
        cases.add(Case.equal("real", 1.5f));
        cases.add(Case.equal("double precision", Math.PI));
        cases.add(Case.equal("money", Money.of("1234567.89")));
        // Character
        cases.add(Case.equal("text", "héllo, 'wörld' \"quoted\""));
        cases.add(Case.equal("varchar(20)", "short"));
        // Boolean, binary
        cases.add(Case.equal("boolean", Boolean.TRUE));
        cases.add(new Case("bytea", new byte[] {0, 1, (byte) 0xff, 42},
                (sent, back) -> assertThat((byte[]) back).containsExactly((byte[]) sent)));
        // Date/time
        cases.add(Case.equal("date", LocalDate.of(2024, 2, 29)));
        cases.add(Case.equal("time", LocalTime.of(23, 59, 58, 123_456_000)));
        cases.add(Case.equal("timetz", OffsetTime.of(10, 11, 12, 0, ZoneOffset.ofHours(3))));
        cases.add(Case.equal("timestamp", LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000)));
        cases.add(new Case("timestamptz", OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000, ZoneOffset.ofHours(-5)),
                (sent, back) -> assertThat(((OffsetDateTime) back).toInstant())
                        .isEqualTo(((OffsetDateTime) sent).toInstant())));
        cases.add(Case.equal("interval", Interval.parse("1 year 2 mons 3 days 04:05:06.5")));
        // Identity, JSON
        cases.add(Case.equal("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        cases.add(Case.equal("json", Json.of("{\"a\": [1, 2, {\"b\": null}]}")));
        cases.add(Case.equal("jsonb", Jsonb.of("{\"a\": [1, 2, {\"b\": null}]}")));
        // Geometric
        cases.add(Case.equal("point", Point.parse("(1.5,-2)")));
        cases.add(Case.equal("line", Line.parse("{1,-1,0}")));
        cases.add(Case.equal("lseg", LineSegment.parse("[(0,0),(1,1)]")));
        cases.add(Case.equal("box", Box.parse("(2,2),(0,0)")));
        cases.add(Case.equal("path", PgPath.parse("[(0,0),(1,1),(2,0)]")));
        cases.add(Case.equal("path", PgPath.parse("((0,0),(1,1),(2,0))")));
        cases.add(Case.equal("polygon", Polygon.parse("((0,0),(1,1),(2,0))")));
        cases.add(Case.equal("circle", Circle.parse("<(1,2),3>")));
        // Network
        cases.add(Case.equal("inet", Inet.parse("192.168.0.1/24")));
        cases.add(Case.equal("cidr", Cidr.parse("10.0.0.0/8")));
        cases.add(Case.equal("macaddr", MacAddr.parse("08:00:2b:01:02:03")));
        cases.add(Case.equal("macaddr8", MacAddr8.parse("08:00:2b:01:02:03:04:05")));
        // Ranges
        cases.add(Case.equal("int4range", Range.closedOpen(1, 10)));
        cases.add(Case.equal("int8range", Range.atLeast(5L)));
        cases.add(new Case("numrange", Range.closed(new BigDecimal("1.5"), new BigDecimal("2.5")),
                (sent, back) -> assertThat(back.toString()).isEqualTo(sent.toString())));
        cases.add(Case.equal("daterange", Range.closedOpen(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1))));
        cases.add(Case.equal("tsrange", Range.closedOpen(LocalDateTime.of(2024, 1, 1, 0, 0),
                LocalDateTime.of(2024, 1, 2, 0, 0))));
        cases.add(Case.equal("int4range", Range.<Integer>empty()));
        // Arrays
        cases.add(Case.equal("integer[]", List.of(1, 2, 3)));
        cases.add(new Case("text[]", new String[] {"a", "b,c", "\"d\""},
                (sent, back) -> assertThat((String[]) back).containsExactly((String[]) sent)));
        cases.add(Case.equal("uuid[]", List.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))));
        // Enum, bit strings, text search, LSN
        cases.add(Case.equal("mood", Mood.SAD));
        cases.add(Case.equal("varbit", BitString.parse("10110")));
        cases.add(Case.equal("tsvector", TsVector.parse("'cat':1 'fat':2")));
        cases.add(Case.equal("pg_lsn", PgLsn.parse("16/B374D848")));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> inoutOfEveryTypeFamilyComesBack() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.sqlType() + " " + c.value(), () -> {
            String proc = "echo_" + COUNTER.incrementAndGet();
            client.execute(Sql.of("CREATE PROCEDURE " + proc + "(INOUT v " + c.sqlType()
                    + ") LANGUAGE plpgsql AS $$ BEGIN NULL; END $$"));
            InOutParameter<Object> param = InOutParameter.of(c.value());
            try (ProcedureCallResult r = client.call(Sql.of("CALL " + proc + "(?)", param))) {
                assertThat(param.isComplete()).isTrue();
                c.check().accept(c.value(), param.get());
            }
            // The same type as an OUT parameter of a PostgreSQL 14+ procedure, through the JDBC escape.
            String copy = "copy_" + COUNTER.incrementAndGet();
            client.execute(Sql.of("CREATE PROCEDURE " + copy + "(v " + c.sqlType() + ", OUT w " + c.sqlType()
                    + ") LANGUAGE plpgsql AS $$ BEGIN w := v; END $$"));
            @SuppressWarnings("unchecked")
            OutParameter<Object> out = OutParameter.of((Class<Object>) param.type());
            try (ProcedureCallResult r = client.call(Sql.of("{call " + copy + "(?, ?)}", c.value(), out))) {
                c.check().accept(c.value(), out.get());
            }
        }));
    }

    @Test
    void inoutValuesAreChangedByTheProcedure() {
        client.execute(Sql.of("CREATE PROCEDURE change_all(INOUT n integer, INOUT t text, INOUT b boolean, "
                + "INOUT d date, INOUT ts timestamptz, INOUT i interval, INOUT p point, INOUT a integer[], "
                + "INOUT r int4range, INOUT j jsonb) LANGUAGE plpgsql AS $$ BEGIN "
                + "n := n + 1; t := upper(t); b := NOT b; d := d + 1; ts := ts + interval '1 hour'; "
                + "i := i * 2; p := point(p[0] * 10, p[1] * 10); a := a || 4; r := int4range(lower(r), upper(r) + 5); "
                + "j := j || '{\"added\": true}'; END $$"));
        InOutParameter<Integer> n = InOutParameter.of(41);
        InOutParameter<String> t = InOutParameter.of("abc");
        InOutParameter<Boolean> b = InOutParameter.of(false);
        InOutParameter<LocalDate> d = InOutParameter.of(LocalDate.of(2024, 2, 28));
        OffsetDateTime at = OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        InOutParameter<OffsetDateTime> ts = InOutParameter.of(at);
        InOutParameter<Interval> i = InOutParameter.of(Interval.parse("1 day 01:00:00"));
        InOutParameter<Point> p = InOutParameter.of(Point.parse("(1,2)"));
        InOutParameter<List<Integer>> a = InOutParameter.listOf(List.of(1, 2, 3), Integer.class);
        InOutParameter<Range<Integer>> r = InOutParameter.rangeOf(Range.closedOpen(1, 5), Integer.class);
        InOutParameter<Jsonb> j = InOutParameter.of(Jsonb.of("{\"k\": 1}"));
        try (ProcedureCallResult res = client.call(Sql.of("CALL change_all(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                n, t, b, d, ts, i, p, a, r, j))) {
            assertThat(n.get()).isEqualTo(42);
            assertThat(t.get()).isEqualTo("ABC");
            assertThat(b.get()).isTrue();
            assertThat(d.get()).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(ts.get().toInstant()).isEqualTo(at.plusHours(1).toInstant());
            assertThat(i.get()).isEqualTo(Interval.parse("2 days 02:00:00"));
            assertThat(p.get()).isEqualTo(Point.parse("(10,20)"));
            assertThat(a.get()).containsExactly(1, 2, 3, 4);
            assertThat(r.get()).isEqualTo(Range.closedOpen(1, 10));
            assertThat(j.get()).isEqualTo(Jsonb.of("{\"k\": 1, \"added\": true}"));
        }
    }

    @Test
    void outParametersOfRangesAndListsUseTypeTokens() {
        client.execute(Sql.of("CREATE PROCEDURE make_span(days int, OUT span daterange, OUT labels text[]) "
                + "LANGUAGE plpgsql AS $$ BEGIN span := daterange('2024-01-01', ('2024-01-01'::date + days)); "
                + "labels := ARRAY['x', NULL, 'z']; END $$"));
        OutParameter<Range<LocalDate>> span = OutParameter.rangeOf(LocalDate.class);
        OutParameter<List<String>> labels = OutParameter.listOf(String.class);
        try (ProcedureCallResult r = client.call(Sql.of("CALL make_span(?, ?, ?)", 10, span, labels))) {
            assertThat(span.get()).isEqualTo(Range.closedOpen(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 11)));
            assertThat(labels.get()).containsExactly("x", null, "z");
        }
    }
}
