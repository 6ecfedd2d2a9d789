package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalTest {

    /** Texts printed by a PostgreSQL 15 server with IntervalStyle=postgres. */
    @ParameterizedTest
    @ValueSource(strings = {"1 year 2 mons 3 days 04:05:06.5", "-1 days +02:03:00", "00:00:00", "-00:00:01",
        "10 mons 3 days -04:00:00", "-1 years -2 mons", "100:00:00", "-00:00:00.5", "1 mon -1 days", "1 day",
        "2 days 01:00:00", "-3 years", "1 day 12:00:00", "36:00:00", "1 year 1 day 00:00:01.000001",
        "-1 years +1 day", "1 year", "1 mon 2 days -00:00:01", "-00:00:01.5", "1 day -00:00:00.000001", "-1 mons",
        "2147483647 days", "-178000000 years", "2562047788:00:54.775807", "1 year -2 mons +3 days -04:00:00"})
    void serverTextRoundTrips(String text) {
        Interval i = Interval.parse(text);
        assertThat(Interval.parse(i.toString())).isEqualTo(i);
        if (!text.equals("1 year -2 mons +3 days -04:00:00")) {
            assertThat(i.toString()).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "P1Y2M3DT4H5M6.5S|1 year 2 mons 3 days 04:05:06.5",
        "1 year -2 mons +3 days -04:00:00|10 mons 3 days -04:00:00",
        "@ 1 year|1 year",
        "1.5 days|1 day 12:00:00",
        "36 hours|36:00:00",
        "0|00:00:00",
        "-1 sec|-00:00:01",
        "1 day ago|-1 days",
        "1.5 years|1 year 6 mons",
        "1.5 mons|1 mon 15 days",
        "2 weeks|14 days",
        "90 min|01:30:00",
        "3 hrs 4 mins|03:04:00",
        "1 day 02:03|1 day 02:03:00",
        "PT-1.5S|-00:00:01.5",
        "P2W|14 days",
        "  1   year  |1 year"})
    void inputVariants(String input, String expected) {
        assertThat(Interval.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void fieldsAndFactories() {
        Interval i = Interval.of(1, 2, 3, 4, 5, new BigDecimal("6.5"));
        assertThat(i).isEqualTo(Interval.parse("1 year 2 mons 3 days 04:05:06.5")).hasSameHashCodeAs(
                Interval.parse("P1Y2M3DT4H5M6.5S"));
        assertThat(i.totalMonths()).isEqualTo(14);
        assertThat(i.years()).isEqualTo(1);
        assertThat(i.months()).isEqualTo(2);
        assertThat(i.days()).isEqualTo(3);
        assertThat(i.hours()).isEqualTo(4);
        assertThat(i.minutes()).isEqualTo(5);
        assertThat(i.seconds()).isEqualByComparingTo("6.5");
        assertThat(Interval.parse("12 mons")).isEqualTo(Interval.parse("1 year"));
        assertThat(Interval.parse("1 day")).isNotEqualTo(Interval.parse("24 hours"));
        assertThat(Interval.of(0, 0, 0, 0, 0, 0L)).isEqualTo(Interval.ZERO);
    }

    @Test
    void conversions() {
        assertThat(Interval.parse("1 year 2 mons 3 days").toPeriod()).isEqualTo(Period.of(1, 2, 3));
        assertThat(Interval.of(Period.of(1, 2, 3)).toString()).isEqualTo("1 year 2 mons 3 days");
        assertThat(Interval.parse("1 day 01:00:00.5").toDuration()).isEqualTo(Duration.ofHours(25).plusMillis(500));
        assertThat(Interval.of(Duration.ofHours(36)).toString()).isEqualTo("36:00:00");
        assertThat(Interval.of(Duration.ofMillis(-1500)).toString()).isEqualTo("-00:00:01.5");
        assertThat(Interval.parse("-00:00:01.5").toDuration()).isEqualTo(Duration.ofMillis(-1500));
        assertThatThrownBy(() -> Interval.parse("1 day 00:00:01").toPeriod()).isInstanceOf(ConversionException.class)
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> Interval.parse("1 mon").toDuration()).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> Interval.of(Period.ofYears(200_000_000))).isInstanceOf(ConversionException.class);
    }

    @Test
    void rejectsBadText() {
        for (String s : new String[] {"", "abc", "1 fortnight", "1:2:3:4", "1 day ago 2", "00:61:00", "P1H",
            "PT1Y", "P", "3000000000 days", "1e5 days", "--1 day"}) {
            assertThatThrownBy(() -> Interval.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("interval");
        }
    }

    @Test
    void generatedIntervalsRoundTrip() {
        Props.forAll("interval", r -> {
            int months = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(49) - 24;
            int days = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(61) - 30;
            long micros = r.nextInt(3) == 0 ? r.nextLong() : (r.nextInt(2001) - 1000) * 1_000_000L / (1 + r.nextInt(8));
            return new Interval(months, days, micros);
        }, i -> {
            assertThat(Interval.parse(i.toString())).isEqualTo(i);
            if (i.microseconds() % 1_000_000 == 0) {
                assertThat(Interval.of(i.years(), i.months(), i.days(), (int) Math.max(Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, i.hours())), i.minutes(), i.seconds()).toString())
                        .isNotNull();
            }
        });
        Props.forAll("interval iso", r -> new Interval(r.nextInt(1000) - 500, r.nextInt(1000) - 500,
                r.nextLong() / 1000), i -> {
            String iso = "P" + i.years() + "Y" + i.months() + "M" + i.days() + "DT" + i.hours() + "H" + i.minutes()
                    + "M" + i.seconds().toPlainString() + "S";
            assertThat(Interval.parse(iso)).isEqualTo(i);
        });
    }

    @Test
    void parserThrowsOnlyConversionException() {
        String alphabet = "0123456789:.-+ @PTYMWDHSyearmonthdaysecagoinu";
        Props.onlyConversionErrors("interval fuzz", Props.strings(alphabet, 30), Interval::parse);
        Props.onlyConversionErrors("interval mutations", Props.mutations(
                r -> new Interval(r.nextInt(), r.nextInt(), r.nextLong()).toString(), alphabet), Interval::parse);
    }
}
