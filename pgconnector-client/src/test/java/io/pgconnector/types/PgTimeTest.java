package io.pgconnector.types;

import io.pgconnector.types.internal.PgTime;
import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2020-01-02", "infinity", "-infinity", "0001-01-01 BC", "10000-01-01", "0044-03-15 BC"})
    void dateRoundTrips(String text) {
        assertThat(PgTime.formatDate(PgTime.parseDate(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020-01-02 03:04:05.123456", "2020-01-02 03:04:05.1", "2020-01-02 00:00:00",
        "0044-03-15 12:00:00 BC", "infinity", "-infinity"})
    void timestampRoundTrips(String text) {
        assertThat(PgTime.formatTimestamp(PgTime.parseTimestamp(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020-01-01 21:34:05.123456+00", "2020-01-02 03:04:05+05:30",
        "1900-01-01 05:21:10+05:21:10", "0044-03-15 12:00:00+00 BC", "infinity", "-infinity", "2020-01-02 03:04:05-08"})
    void timestampTzRoundTrips(String text) {
        assertThat(PgTime.formatTimestampTz(PgTime.parseTimestampTz(text))).isEqualTo(text);
    }

    @Test
    void valuesAndVariants() {
        assertThat(PgTime.parseDate("0001-01-01 BC")).isEqualTo(LocalDate.of(0, 1, 1));
        assertThat(PgTime.parseDate("infinity")).isEqualTo(LocalDate.MAX);
        assertThat(PgTime.isInfinite(LocalDate.MIN)).isTrue();
        assertThat(PgTime.isInfinite(LocalDate.of(2020, 1, 1))).isFalse();
        assertThat(PgTime.isInfinite(LocalDateTime.MAX)).isTrue();
        assertThat(PgTime.isInfinite(OffsetDateTime.MIN)).isTrue();
        assertThat(PgTime.parseTimestamp("2020-01-02T03:04:05")).isEqualTo(LocalDateTime.of(2020, 1, 2, 3, 4, 5));
        assertThat(PgTime.parseTimestamp("2020-01-02")).isEqualTo(LocalDateTime.of(2020, 1, 2, 0, 0));
        assertThat(PgTime.parseTimestampTz("2020-01-02T03:04:05Z"))
                .isEqualTo(OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        assertThat(PgTime.parseTimestampTz("2020-01-02 03:04:05+0530").getOffset())
                .isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(PgTime.parseTime("03:04:05.5")).isEqualTo(LocalTime.of(3, 4, 5, 500_000_000));
        assertThat(PgTime.formatTime(LocalTime.of(3, 4, 5, 500_000_000))).isEqualTo("03:04:05.5");
        assertThat(PgTime.parseTime("24:00:00")).isEqualTo(LocalTime.MAX);
        assertThat(PgTime.formatTime(LocalTime.MAX)).isEqualTo("24:00:00");
        assertThat(PgTime.parseTimeTz("03:04:05+02")).isEqualTo(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2)));
        assertThat(PgTime.formatTimeTz(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2)))).isEqualTo("03:04:05+02");
        assertThat(PgTime.formatTimeTz(PgTime.parseTimeTz("03:04:05.5-03:30"))).isEqualTo("03:04:05.5-03:30");
    }

    @Test
    void rejectsBadText() {
        assertThatThrownBy(() -> PgTime.parseDate("2020-02-30")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("date").hasMessageContaining("2020-02-30");
        assertThatThrownBy(() -> PgTime.parseDate("0000-01-01")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> PgTime.parseTimestamp("2020-01-02 25:00:00")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> PgTime.parseTimeTz("03:04:05")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> PgTime.parseTimestampTz("2020-01-02 03:04:05+19")).isInstanceOf(
                ConversionException.class);
    }

    @Test
    void generatedValuesRoundTrip() {
        Props.forAll("timestamp", r -> LocalDateTime.of(LocalDate.ofEpochDay(r.nextInt(5_000_000) - 2_500_000),
                LocalTime.ofNanoOfDay((r.nextLong() >>> 1) % 86_400_000_000L * 1000)), t -> {
                    assertThat(PgTime.parseTimestamp(PgTime.formatTimestamp(t))).isEqualTo(t);
                    assertThat(PgTime.parseDate(PgTime.formatDate(t.toLocalDate()))).isEqualTo(t.toLocalDate());
                    assertThat(PgTime.parseTime(PgTime.formatTime(t.toLocalTime()))).isEqualTo(t.toLocalTime());
                });
        Props.forAll("timestamptz", r -> OffsetDateTime.of(LocalDate.ofEpochDay(r.nextInt(1_000_000) - 500_000)
                        .atTime(LocalTime.ofNanoOfDay((r.nextLong() >>> 1) % 86_400_000_000L * 1000)),
                ZoneOffset.ofTotalSeconds((r.nextInt(57601) - 28800) / (r.nextBoolean() ? 1 : 900) * (r.nextBoolean() ? 1 : 900) / 900)),
                t -> {
                    assertThat(PgTime.parseTimestampTz(PgTime.formatTimestampTz(t))).isEqualTo(t);
                    OffsetTime ot = t.toOffsetTime();
                    assertThat(PgTime.parseTimeTz(PgTime.formatTimeTz(ot))).isEqualTo(ot);
                });
    }

    @Test
    void parsersThrowOnlyConversionException() {
        String alphabet = "0123456789-: .+TZBCADinfty";
        var gen = Props.strings(alphabet, 30);
        Props.onlyConversionErrors("date fuzz", gen, PgTime::parseDate);
        Props.onlyConversionErrors("timestamp fuzz", gen, PgTime::parseTimestamp);
        Props.onlyConversionErrors("timestamptz fuzz", gen, PgTime::parseTimestampTz);
        Props.onlyConversionErrors("time fuzz", gen, PgTime::parseTime);
        Props.onlyConversionErrors("timetz fuzz", gen, PgTime::parseTimeTz);
        Props.onlyConversionErrors("timestamptz mutations",
                Props.mutations(r -> "2020-01-02 03:04:05.123456+05:30 BC", alphabet), PgTime::parseTimestampTz);
    }
}
