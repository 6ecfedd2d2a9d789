package io.pgconnector.types.roundtrip;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Money;
import io.pgconnector.types.Point;
import io.pgconnector.types.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge values and traps of FEATURES.md §2, each pinned by name. */
@WithPostgres
@Timeout(60)
class EdgeCasesTest {
    static PostgresClient client;

    record Numbers(Double d, String s) {
    }

    record WrongInt(Integer v) {
    }

    record WrongDate(LocalDate v) {
    }

    record WrongPoint(Point v) {
    }

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE docs (id int, body jsonb)"));
        client.execute(Sql.of("INSERT INTO docs VALUES (1, '{\"n\": 1, \"tags\": [1, 2, 3]}'), (2, '{\"n\": 2}')"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void numericNanAndInfinitiesReadAsDoubleOrStringAndRefuseBigDecimal() {
        for (String special : List.of("NaN", "Infinity", "-Infinity")) {
            Sql sql = Sql.of("SELECT '" + special + "'::numeric AS d, '" + special + "'::numeric AS s");
            Numbers n = client.queryRow(sql, Numbers.class);
            assertThat(n.d()).isEqualTo(Double.valueOf(special));
            assertThat(n.s()).isEqualTo(special);
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT '" + special + "'::numeric"), BigDecimal.class))
                    .isInstanceOf(ConversionException.class)
                    .hasMessageContaining(special).hasMessageContaining("Double or String");
        }
        // A Double NaN or infinity parameter fills a numeric column.
        assertThat(client.queryRow(Sql.of("SELECT CAST(? AS numeric)::text", Double.NEGATIVE_INFINITY),
                String.class)).isEqualTo("-Infinity");
        assertThat(client.queryRow(Sql.of("SELECT ?::numeric = 'NaN'::numeric", Double.NaN), Boolean.class))
                .isTrue();
    }

    @Test
    void numericArrayWithNanReadsIntoDoubles() {
        assertThat(client.queryRow(Sql.of("SELECT '{1.5,NaN,-Infinity}'::numeric[]"), Double[].class))
                .containsExactly(1.5, Double.NaN, Double.NEGATIVE_INFINITY);
    }

    @Test
    void moneyOverAThousandAndNegativeUnderEveryAvailableLcMonetary() {
        // The client sets lc_monetary=C; a session may change it. Every locale the server knows is tried.
        List<String> locales = client.query(Sql.of("SELECT collcollate FROM pg_collation WHERE collprovider = 'c' "
                + "AND collcollate NOT IN ('', 'POSIX') UNION SELECT 'C'"), String.class)
                .collect(Collectors.toList());
        for (String locale : locales) {
            List<Money> read = client.transaction(tx -> {
                tx.queryRow(Sql.of("SELECT set_config('lc_monetary', ?, true)", locale), String.class);
                return tx.query(Sql.of("SELECT unnest(ARRAY[?, ?, ?]::money[])", Money.of("1234567.89"),
                        Money.of("-1000.01"), Money.of("0.5")), Money.class).collect(Collectors.toList());
            });
            assertThat(read).as("lc_monetary " + locale)
                    .containsExactly(Money.of("1234567.89"), Money.of("-1000.01"), Money.of("0.50"));
            BigDecimal amount = client.transaction(tx -> {
                tx.queryRow(Sql.of("SELECT set_config('lc_monetary', ?, true)", locale), String.class);
                return tx.queryRow(Sql.of("SELECT '-1,234.56'::money"), BigDecimal.class);
            });
            assertThat(amount).isEqualByComparingTo("-1234.56");
        }
    }

    @Test
    void javaIntComparedWithJsonbWorks() {
        // Regression: the reference connector fails with "operator does not exist: jsonb @> bigint".
        assertThat(client.queryRow(Sql.of("SELECT id FROM docs WHERE body -> 'tags' @> ?", 2), Integer.class))
                .isEqualTo(1);
        assertThat(client.queryRow(Sql.of("SELECT id FROM docs WHERE body -> 'n' = ?", 2L), Integer.class))
                .isEqualTo(2);
        try (Stream<Integer> ids = client.query(Sql.of("SELECT id FROM docs WHERE body -> 'n' = ? OR id = ?",
                1, 2), Integer.class)) {
            assertThat(ids.sorted().collect(Collectors.toList())).containsExactly(1, 2);
        }
        assertThat(client.execute(Sql.of("UPDATE docs SET id = id WHERE body -> 'tags' @> ?", 3)).affectedRowCount())
                .isEqualTo(1);
    }

    @Test
    void timestamptzInstantIsExactToTheMicrosecondWhateverTheSessionTimeZone() {
        Instant micros = Instant.parse("2038-01-19T03:14:07.999999Z");
        Instant old = Instant.parse("1901-12-13T20:45:51.000001Z");
        List<Object> read = client.transaction(tx -> {
            tx.execute(Sql.of("SET LOCAL TimeZone = 'Asia/Kathmandu'"));
            assertThat(tx.queryRow(Sql.of("SELECT ? = '2038-01-19 03:14:07.999999+00'::timestamptz", micros),
                    Boolean.class)).isTrue();
            Map<String, Object> row = tx.queryRow(Sql.of("SELECT ?::timestamptz AS a, ARRAY[?::timestamptz] AS b, "
                    + "tstzrange(?, NULL) AS c", micros, old, old));
            return List.of(row.get("a"), row.get("b"), row.get("c"),
                    tx.queryRow(Sql.of("SELECT ARRAY[?::timestamptz]", micros), Instant[].class)[0]);
        });
        assertThat(read).containsExactly(micros.atOffset(ZoneOffset.UTC), List.of(old.atOffset(ZoneOffset.UTC)),
                Range.atLeast(old.atOffset(ZoneOffset.UTC)), micros);
        // Nanoseconds below a microsecond are rounded by the server, which stores microseconds.
        assertThat(client.queryRow(Sql.of("SELECT ?::timestamptz", Instant.parse("2000-01-01T00:00:00.0000004Z")),
                Instant.class)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    void infiniteTimestampsAreTheMinAndMaxSentinels() {
        Map<String, Object> row = client.queryRow(Sql.of("SELECT 'infinity'::date AS d, '-infinity'::timestamp AS t, "
                + "'infinity'::timestamptz AS tz, '[-infinity,infinity)'::daterange AS r"));
        assertThat(row.get("d")).isEqualTo(LocalDate.MAX);
        assertThat(row.get("t")).isEqualTo(java.time.LocalDateTime.MIN);
        assertThat(row.get("tz")).isEqualTo(OffsetDateTime.MAX);
        assertThat(row.get("r")).isEqualTo(Range.closedOpen(LocalDate.MIN, LocalDate.MAX));
        assertThat(client.queryRow(Sql.of("SELECT 'infinity'::timestamptz"), Instant.class)).isEqualTo(Instant.MAX);
    }

    record Stamps(OffsetDateTime at, OffsetDateTime old, OffsetDateTime max, OffsetDateTime min, OffsetDateTime none) {
    }

    @Test
    void timestamptzReadsTheSameInTextAndBinaryFormat(PostgresDatabase db) {
        // pgjdbc asks for binary results once the statement is prepared on the server (the 5th run): the values must
        // not change when the client decodes them from their bytes.
        String sql = "SELECT ?::timestamptz AS at, '1970-06-01 12:34:56.789012+02'::timestamptz AS old, "
                + "'infinity'::timestamptz AS max, '-infinity'::timestamptz AS min, NULL::timestamptz AS none";
        OffsetDateTime at = OffsetDateTime.parse("2024-02-29T23:59:59.999999+05:30");
        Stamps expected = new Stamps(at.withOffsetSameInstant(ZoneOffset.UTC),
                OffsetDateTime.parse("1970-06-01T10:34:56.789012Z"), OffsetDateTime.MAX, OffsetDateTime.MIN, null);
        try (PostgresClient one = TestClients.builder(db).pool(io.pgconnector.client.PoolOptions.builder()
                .maxOpenConnections(1).minIdleConnections(1).build()).build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(one.queryRow(Sql.of(sql, at), Stamps.class)).as("run %d", i).isEqualTo(expected);
                OffsetDateTime old = one.queryRow(Sql.of(sql, at), row -> row.get("old", OffsetDateTime.class));
                assertThat(old).isEqualTo(expected.old());
            }
        }
    }

    record Times(LocalDate firstDay, LocalDate maxDay, LocalDate minDay, LocalDate preEpoch, LocalDateTime firstStamp,
            LocalDateTime maxStamp, LocalDateTime beforeEpoch, LocalTime midnight, LocalTime micro, Instant at,
            Instant maxAt, LocalDate none) {
    }

    @Test
    void dateTimeAndTimestampReadTheSameInTextAndBinaryFormat(PostgresDatabase db) {
        // As above for the other date/time columns the client decodes from their bytes once results are binary.
        String sql = "SELECT '4714-11-24 BC'::date AS first_day, 'infinity'::date AS max_day, "
                + "'-infinity'::date AS min_day, '1969-12-31'::date AS pre_epoch, "
                + "'4714-11-24 00:00:00 BC'::timestamp AS first_stamp, 'infinity'::timestamp AS max_stamp, "
                + "'1969-12-31 23:59:59.999999'::timestamp AS before_epoch, '24:00:00'::time AS midnight, "
                + "'00:00:00.000001'::time AS micro, ?::timestamptz AS at, 'infinity'::timestamptz AS max_at, "
                + "NULL::date AS none";
        Instant at = Instant.parse("1999-12-31T23:59:59.123456Z");
        Times expected = new Times(LocalDate.of(-4713, 11, 24), LocalDate.MAX, LocalDate.MIN,
                LocalDate.of(1969, 12, 31), LocalDateTime.of(-4713, 11, 24, 0, 0), LocalDateTime.MAX,
                LocalDateTime.parse("1969-12-31T23:59:59.999999"), LocalTime.MAX, LocalTime.of(0, 0, 0, 1000), at,
                Instant.MAX, null);
        try (PostgresClient one = TestClients.builder(db).pool(io.pgconnector.client.PoolOptions.builder()
                .maxOpenConnections(1).minIdleConnections(1).build()).build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(one.queryRow(Sql.of(sql, at), Times.class)).as("run %d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void bitOneReadsAsBooleanAndLongerBitsAsBitString() {
        assertThat(client.queryRow(Sql.of("SELECT B'1'::bit(1)"), Boolean.class)).isTrue();
        assertThat(client.queryRow(Sql.of("SELECT ARRAY[B'0', B'1']::bit(1)[]"), Boolean[].class))
                .containsExactly(false, true);
        assertThat(client.queryRow(Sql.of("SELECT B'101'::varbit"), BitString.class))
                .isEqualTo(BitString.parse("101"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT B'101'::varbit"), Boolean.class))
                .isInstanceOf(ConversionException.class).hasMessageContaining("101");
        // A bit(1) column takes a BitString parameter (a Java Boolean is a PostgreSQL boolean, not a bit).
        assertThat(client.queryRow(Sql.of("SELECT CAST(? AS bit(1)) = B'1'", BitString.of(true)), Boolean.class))
                .isTrue();
    }

    @Test
    void incompatibleRecordComponentsAreTypeMismatchesNamingColumnSqlTypeAndJavaType() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 'x'::text AS v"), WrongInt.class))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("'v'").hasMessageContaining("text").hasMessageContaining("Integer");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT point(1,2) AS v"), WrongDate.class))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("'v'").hasMessageContaining("point").hasMessageContaining("LocalDate");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1 AS v"), WrongPoint.class))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("'v'").hasMessageContaining("int4").hasMessageContaining("Point");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT '{1}'::int[] AS v"), WrongInt.class))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("'v'").hasMessageContaining("_int4").hasMessageContaining("Integer");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT '{}'::jsonb AS v"), WrongInt.class))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("'v'").hasMessageContaining("jsonb").hasMessageContaining("Integer");
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1 AS v"), Point.class))
                .isInstanceOf(TypeMismatchException.class).hasMessageContaining("int4");
    }

    @Test
    void emptyStringAndNullArrayElementsStayDistinct() {
        @SuppressWarnings("unchecked")
        List<Object> read = client.queryRow(Sql.of("SELECT ?::text[]", java.util.Arrays.asList("", null, "NULL")),
                List.class);
        assertThat(read).containsExactly("", null, "NULL");
    }
}
