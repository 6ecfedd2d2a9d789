package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RangeTest {

    @Test
    void serverTextRoundTrips() {
        assertThat(Range.parseInt4("[1,6)").toString()).isEqualTo("[1,6)");
        assertThat(Range.parseInt4("(,6)").toString()).isEqualTo("(,6)");
        assertThat(Range.parseInt4("empty").toString()).isEqualTo("empty");
        assertThat(Range.parseInt4("(,)").toString()).isEqualTo("(,)");
        assertThat(Range.parseNum("[1.5,2]").toString()).isEqualTo("[1.5,2]");
        assertThat(Range.parseDate("[2020-01-01,2020-02-02)").toString()).isEqualTo("[2020-01-01,2020-02-02)");
        assertThat(Range.parseTimestamp("[\"2020-01-01 00:00:00\",\"2020-02-01 00:00:00\")").toString())
                .isEqualTo("[\"2020-01-01 00:00:00\",\"2020-02-01 00:00:00\")");
        assertThat(Range.parseTimestampTz("[\"2020-01-01 00:00:00+00\",)").toString())
                .isEqualTo("[\"2020-01-01 00:00:00+00\",)");
        assertThat(Range.parseTimestamp("[\"2020-01-01 00:00:00.5\",infinity)").upper()).isEqualTo(LocalDateTime.MAX);
        assertThat(Range.parse("[\"a,b\",\"x y\")", Function.identity()).toString()).isEqualTo("[\"a,b\",\"x y\")");
        assertThat(Range.parse("[\"a\\\\b\",\"q\"\"\")", Function.identity()).lower()).isEqualTo("a\\b");
        assertThat(Range.parse("[\"a\\\\b\",\"q\"\"\")", Function.identity()).upper()).isEqualTo("q\"");
        assertThat(Range.parse("[\"a\\\\b\",\"q\"\"\")", Function.identity()).toString())
                .isEqualTo("[\"a\\\\b\",\"q\"\"\")");
        assertThat(Range.parse("[\"\",z)", Function.identity()).toString()).isEqualTo("[\"\",z)");
    }

    @Test
    void factories() {
        assertThat(Range.closed(1, 5).toString()).isEqualTo("[1,5]");
        assertThat(Range.closedOpen(1, 5).toString()).isEqualTo("[1,5)");
        assertThat(Range.open(1, 5).toString()).isEqualTo("(1,5)");
        assertThat(Range.openClosed(1, 5).toString()).isEqualTo("(1,5]");
        assertThat(Range.atLeast(1).toString()).isEqualTo("[1,)");
        assertThat(Range.greaterThan(1).toString()).isEqualTo("(1,)");
        assertThat(Range.atMost(5).toString()).isEqualTo("(,5]");
        assertThat(Range.lessThan(5).toString()).isEqualTo("(,5)");
        assertThat(Range.<Integer>all().toString()).isEqualTo("(,)");
        assertThat(Range.<Integer>empty().isEmpty()).isTrue();
        assertThat(Range.closedOpen(1, 1)).isEqualTo(Range.empty());
        assertThat(Range.closed(1, 1).isEmpty()).isFalse();
        assertThat(Range.of(null, true, 5, true).lowerInclusive()).isFalse();
        assertThat(Range.closed(1, 5)).isEqualTo(Range.parseInt4("[1,5]")).hasSameHashCodeAs(Range.parseInt4("[1,5]"));
        assertThat(Range.closed(1, 5).contains(5)).isTrue();
        assertThat(Range.closedOpen(1, 5).contains(5)).isFalse();
        assertThat(Range.closedOpen(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 2, 1)).toString())
                .isEqualTo("[2020-01-01,2020-02-01)");
        assertThat(Range.closedOpen(LocalDateTime.of(2020, 1, 1, 0, 0), LocalDateTime.of(2020, 2, 1, 0, 0)).toString())
                .isEqualTo("[\"2020-01-01 00:00:00\",\"2020-02-01 00:00:00\")");
        assertThat(Range.atLeast(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).toString())
                .isEqualTo("[\"2020-01-01 00:00:00+00\",)");
    }

    @Test
    void canonicalMatchesTheServer() {
        assertThat(Range.closed(1, 5).canonical()).isEqualTo(Range.parseInt4("[1,6)"));
        assertThat(Range.parseInt4("(,5]").canonical().toString()).isEqualTo("(,6)");
        assertThat(Range.open(1, 2).canonical()).isEqualTo(Range.empty());
        assertThat(Range.closed(1L, 5L).canonical().toString()).isEqualTo("[1,6)");
        assertThat(Range.parseDate("[2020-01-01,2020-02-01]").canonical().toString())
                .isEqualTo("[2020-01-01,2020-02-02)");
        assertThat(Range.closed(new BigDecimal("1.5"), new BigDecimal("2")).canonical().toString())
                .isEqualTo("[1.5,2]");
        assertThatThrownBy(() -> Range.closed(1, Integer.MAX_VALUE).canonical())
                .isInstanceOf(ConversionException.class);
    }

    @Test
    void rejectsBadText() {
        for (String s : new String[] {"", "[1,5", "1,5)", "[5,1)", "[1,5) x", "[a,5)", "[1,2,3)", "[9999999999,)"}) {
            assertThatThrownBy(() -> Range.parseInt4(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining(s.isEmpty() ? "range" : s.substring(0, 1));
        }
        assertThatThrownBy(() -> Range.closed(5, 1)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("range");
        assertThatThrownBy(() -> Range.parseNum("[NaN,1)")).isInstanceOf(ConversionException.class);
    }

    @Test
    void generatedRangesRoundTrip() {
        Props.forAll("int4range", r -> {
            if (r.nextInt(10) == 0) {
                return Range.<Integer>empty();
            }
            Integer a = r.nextInt(5) == 0 ? null : r.nextInt(200) - 100;
            Integer b = r.nextInt(5) == 0 ? null : (a == null ? 0 : a) + r.nextInt(50);
            return Range.of(a, r.nextBoolean(), b, r.nextBoolean());
        }, v -> {
            assertThat(Range.parseInt4(v.toString())).isEqualTo(v);
            Range<Integer> c = v.canonical();
            assertThat(c.canonical()).isEqualTo(c);
            for (int x = -110; x < 160; x += 7) {
                assertThat(c.contains(x)).isEqualTo(v.contains(x));
            }
        });
        Props.forAll("text range", r -> {
            String a = Props.fromAlphabet(r, "ab ,()[]\"\\x", 5);
            String b = a + Props.fromAlphabet(r, "ab ,()[]\"\\x", 5);
            return Range.of(a, r.nextBoolean(), b, r.nextBoolean());
        }, v -> assertThat(Range.parse(v.toString(), Function.identity())).isEqualTo(v));
        Props.forAll("tsrange", r -> {
            LocalDateTime a = LocalDateTime.of(2000 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000) * 1000);
            return Range.closedOpen(a, a.plusSeconds(r.nextInt(100_000)).plusNanos(1000));
        }, v -> assertThat(Range.parseTimestamp(v.toString())).isEqualTo(v));
    }

    @Test
    void parsersThrowOnlyConversionException() {
        String alphabet = "[](),\"\\0123456789- empty.:";
        var gen = Props.strings(alphabet, 25);
        Props.onlyConversionErrors("int4range fuzz", gen, Range::parseInt4);
        Props.onlyConversionErrors("int8range fuzz", gen, Range::parseInt8);
        Props.onlyConversionErrors("numrange fuzz", gen, Range::parseNum);
        Props.onlyConversionErrors("daterange fuzz", gen, Range::parseDate);
        Props.onlyConversionErrors("tsrange fuzz", gen, Range::parseTimestamp);
        Props.onlyConversionErrors("tstzrange fuzz", gen, Range::parseTimestampTz);
        Props.onlyConversionErrors("text range fuzz", gen, s -> Range.parse(s, Function.identity()));
        Props.onlyConversionErrors("int4range canonical fuzz", gen, s -> Range.parseInt4(s).canonical());
        Props.onlyConversionErrors("daterange mutations",
                Props.mutations(r -> "[2020-01-01,2020-02-02)", alphabet), s -> Range.parseDate(s).canonical());
    }
}
