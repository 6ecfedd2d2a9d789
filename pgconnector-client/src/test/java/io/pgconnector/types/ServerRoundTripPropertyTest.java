package io.pgconnector.types;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded property tests through the real server: random values of several types are bound as parameters (alone, in
 * arrays and in a composite), returned by the server and must read back equal.
 */
@WithPostgres
@Timeout(300)
class ServerRoundTripPropertyTest {
    static PostgresClient client;

    @io.pgconnector.mapping.PgType("prop_item")
    record Item(String label, Long n, Interval span, List<String> tags) {
    }

    record Sample(Long i8, BigDecimal num, Double f8, String txt, byte[] bytes, OffsetDateTime at, Interval span,
            Point pt, Range<Integer> r4, Range<LocalDate> rd, Jsonb doc, List<String> texts, List<Double> doubles,
            Item item) {
        @Override
        public boolean equals(Object o) {
            // byte[] compares by content; everything else by the value types' own equals.
            return o instanceof Sample && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return Arrays.asList(i8, num, f8, txt, bytes == null ? null : HexFormat.of().formatHex(bytes), at, span,
                    pt, r4, rd, doc == null ? null : doc.normalized(), texts, doubles, item).toString();
        }
    }

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TYPE prop_item AS (label text, n int8, span interval, tags text[])"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void randomValuesReadBackEqual() {
        Props.forAll("server round trip", ServerRoundTripPropertyTest::sample, in -> {
            Sample out = client.queryRow(Sql.of("SELECT ?::int8 AS i8, ?::numeric AS num, ?::float8 AS f8, "
                    + "?::text AS txt, ?::bytea AS bytes, ?::timestamptz AS at, ?::interval AS span, ?::point AS pt, "
                    + "?::int4range AS r4, ?::daterange AS rd, ?::jsonb AS doc, ?::text[] AS texts, "
                    + "?::float8[] AS doubles, ?::prop_item AS item", in.i8(), in.num(), in.f8(), in.txt(),
                    in.bytes(), in.at(), in.span(), in.pt(), in.r4(), in.rd(), in.doc(), in.texts(), in.doubles(),
                    in.item()), Sample.class);
            Sample expected = new Sample(in.i8(), in.num(), in.f8(), in.txt(), in.bytes(), in.at(), in.span(),
                    in.pt(), in.r4() == null ? null : in.r4().canonical(),
                    in.rd() == null ? null : in.rd().canonical(), in.doc(), in.texts(), in.doubles(), in.item());
            assertThat(out).isEqualTo(expected);
        });
    }

    static Sample sample(Random r) {
        return new Sample(maybe(r, () -> r.nextLong()), maybe(r, () -> decimal(r)),
                maybe(r, () -> Props.anyDouble(r)), maybe(r, () -> text(r)), maybe(r, () -> bytes(r)),
                maybe(r, () -> instant(r)), maybe(r, () -> interval(r)), maybe(r, () -> Props.point(r)),
                maybe(r, () -> intRange(r)), maybe(r, () -> dateRange(r)), maybe(r, () -> json(r)),
                maybe(r, () -> texts(r)), maybe(r, () -> doubles(r)), maybe(r, () -> item(r)));
    }

    private static <T> T maybe(Random r, java.util.function.Supplier<T> value) {
        return r.nextInt(10) == 0 ? null : value.get();
    }

    static BigDecimal decimal(Random r) {
        BigInteger unscaled = new BigInteger(1 + r.nextInt(200), r);
        return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(30));
    }

    /** Any Unicode text without NUL (which PostgreSQL text cannot hold). */
    static String text(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0:
                    b.append("\"\\{},() \t\n'NULL".charAt(r.nextInt(15)));
                    break;
                case 1:
                    b.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
                    break;
                case 2:
                    int cp = 1 + r.nextInt(0xFFFF);
                    b.appendCodePoint(Character.isSurrogate((char) cp) ? 'x' : cp);
                    break;
                default:
                    b.append((char) (32 + r.nextInt(95)));
            }
        }
        return b.toString();
    }

    static byte[] bytes(Random r) {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        return b;
    }

    static OffsetDateTime instant(Random r) {
        if (r.nextInt(20) == 0) {
            return r.nextBoolean() ? OffsetDateTime.MAX : OffsetDateTime.MIN;
        }
        // Years 1 to 9999, at microsecond precision.
        long seconds = -62135596800L + (long) (r.nextDouble() * 315537897600L);
        return Instant.ofEpochSecond(seconds, r.nextInt(1_000_000) * 1000L).atOffset(ZoneOffset.UTC);
    }

    static Interval interval(Random r) {
        return new Interval(r.nextInt(200001) - 100000, r.nextInt(2000001) - 1000000,
                (long) ((r.nextDouble() - 0.5) * 2e15));
    }

    static Range<Integer> intRange(Random r) {
        int a = r.nextInt(2001) - 1000;
        int b = a + r.nextInt(100);
        Integer lower = r.nextInt(5) == 0 ? null : a;
        Integer upper = r.nextInt(5) == 0 ? null : b;
        return Range.of(lower, r.nextBoolean(), upper, r.nextBoolean());
    }

    static Range<LocalDate> dateRange(Random r) {
        LocalDate a = LocalDate.ofEpochDay(r.nextInt(200000) - 100000);
        return Range.of(a, r.nextBoolean(), a.plusDays(r.nextInt(400)), r.nextBoolean());
    }

    static Jsonb json(Random r) {
        StringBuilder key = new StringBuilder();
        for (char c : text(r).toCharArray()) {
            key.append(c < 0x20 || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return Jsonb.of("{\"" + key + "\": [" + r.nextLong() + ", " + decimal(r).toPlainString() + ", "
                + r.nextBoolean() + ", null], \"z\": {}}");
    }

    static List<String> texts(Random r) {
        List<String> out = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            out.add(r.nextInt(5) == 0 ? null : text(r));
        }
        return out;
    }

    static List<Double> doubles(Random r) {
        List<Double> out = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            out.add(r.nextInt(5) == 0 ? null : Props.anyDouble(r));
        }
        return out;
    }

    static Item item(Random r) {
        return new Item(maybe(r, () -> text(r)), maybe(r, () -> r.nextLong()), maybe(r, () -> interval(r)),
                maybe(r, () -> texts(r)));
    }
}
