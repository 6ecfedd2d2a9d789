package io.pgconnector.types.internal;

import io.pgconnector.errors.ConversionException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * Parsing and formatting of PostgreSQL's date/time text forms (with the server's default {@code DateStyle=ISO}),
 * and the representation of {@code infinity}.
 *
 * <p><b>Infinity.</b> As pgjdbc does, {@code infinity} and {@code -infinity} are represented by the extreme values of
 * the java.time types: {@link LocalDate#MAX}/{@link LocalDate#MIN}, {@link LocalDateTime#MAX}/{@link LocalDateTime#MIN}
 * and {@link OffsetDateTime#MAX}/{@link OffsetDateTime#MIN}. {@link #isInfinite} tells them apart from real values and
 * the format methods print them as {@code infinity}/{@code -infinity}.
 *
 * <p><b>BC years.</b> The server prints {@code 0044-03-15 BC}; java.time uses the proleptic year, so 1 BC is year 0
 * and 44 BC is year -43.
 *
 * <p><b>24:00:00.</b> The server's {@code time} allows {@code 24:00:00}, which {@link LocalTime} cannot hold; as in
 * pgjdbc it is read as {@link LocalTime#MAX} and {@code LocalTime.MAX} is printed as {@code 24:00:00}.
 *
 * <p>Examples: {@code parseDate("2020-01-02")}, {@code parseTimestamp("2020-01-02 03:04:05.123456")},
 * {@code parseTimestampTz("2020-01-02 03:04:05+05:30")}, {@code formatDate(LocalDate.MAX)} is {@code infinity}.
 */
public final class PgTime {
    private PgTime() {
    }

    /** The text the server prints for positive infinity. */
    public static final String INFINITY = "infinity";
    /** The text the server prints for negative infinity. */
    public static final String NEGATIVE_INFINITY = "-infinity";

    /**
     * Whether a date is one of the infinity sentinels {@link LocalDate#MAX} or {@link LocalDate#MIN}.
     *
     * @param date the date, not {@code null}
     * @return whether it stands for {@code infinity} or {@code -infinity}
     */
    public static boolean isInfinite(LocalDate date) {
        return date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN);
    }

    /**
     * Whether a timestamp is one of the infinity sentinels {@link LocalDateTime#MAX} or {@link LocalDateTime#MIN}.
     *
     * @param timestamp the timestamp, not {@code null}
     * @return whether it stands for {@code infinity} or {@code -infinity}
     */
    public static boolean isInfinite(LocalDateTime timestamp) {
        return timestamp.equals(LocalDateTime.MAX) || timestamp.equals(LocalDateTime.MIN);
    }

    /**
     * Whether a timestamp with time zone is one of the infinity sentinels {@link OffsetDateTime#MAX} or
     * {@link OffsetDateTime#MIN}.
     *
     * @param timestamp the timestamp, not {@code null}
     * @return whether it stands for {@code infinity} or {@code -infinity}
     */
    public static boolean isInfinite(OffsetDateTime timestamp) {
        return timestamp.equals(OffsetDateTime.MAX) || timestamp.equals(OffsetDateTime.MIN);
    }

    // ------------------------------------------------------------------------------------------------ format

    /**
     * Formats a date as the server prints it: {@code 2020-01-02}, {@code 0044-03-15 BC}, {@code infinity}.
     *
     * @param date the date
     * @return the text form
     */
    public static String formatDate(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return INFINITY;
        }
        if (date.equals(LocalDate.MIN)) {
            return NEGATIVE_INFINITY;
        }
        StringBuilder out = new StringBuilder(16);
        appendDate(out, date);
        if (date.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    /**
     * Formats a timestamp as the server prints it: {@code 2020-01-02 03:04:05.123456}, fraction without trailing
     * zeros, {@code BC} suffix for years before 1, {@code infinity}/{@code -infinity} for the sentinels.
     *
     * @param timestamp the timestamp
     * @return the text form
     */
    public static String formatTimestamp(LocalDateTime timestamp) {
        if (timestamp.equals(LocalDateTime.MAX)) {
            return INFINITY;
        }
        if (timestamp.equals(LocalDateTime.MIN)) {
            return NEGATIVE_INFINITY;
        }
        StringBuilder out = new StringBuilder(32);
        appendDate(out, timestamp.toLocalDate());
        out.append(' ');
        appendTime(out, timestamp.toLocalTime());
        if (timestamp.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    /**
     * Formats a timestamp with time zone in its own offset (the server would print it in the session time zone):
     * {@code 2020-01-02 03:04:05.5+00}, {@code 2020-01-02 03:04:05+05:30}.
     *
     * @param timestamp the timestamp
     * @return the text form
     */
    public static String formatTimestampTz(OffsetDateTime timestamp) {
        if (timestamp.equals(OffsetDateTime.MAX)) {
            return INFINITY;
        }
        if (timestamp.equals(OffsetDateTime.MIN)) {
            return NEGATIVE_INFINITY;
        }
        StringBuilder out = new StringBuilder(40);
        appendDate(out, timestamp.toLocalDate());
        out.append(' ');
        appendTime(out, timestamp.toLocalTime());
        appendOffset(out, timestamp.getOffset());
        if (timestamp.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    /**
     * Formats a time as the server prints it: {@code 03:04:05}, {@code 03:04:05.5}; {@link LocalTime#MAX} is
     * {@code 24:00:00}.
     *
     * @param time the time
     * @return the text form
     */
    public static String formatTime(LocalTime time) {
        if (time.equals(LocalTime.MAX)) {
            return "24:00:00";
        }
        StringBuilder out = new StringBuilder(16);
        appendTime(out, time);
        return out.toString();
    }

    /**
     * Formats a time with time zone as the server prints it: {@code 03:04:05+02}, {@code 03:04:05.5-03:30}.
     *
     * @param time the time
     * @return the text form
     */
    public static String formatTimeTz(OffsetTime time) {
        StringBuilder out = new StringBuilder(formatTime(time.toLocalTime()));
        appendOffset(out, time.getOffset());
        return out.toString();
    }

    private static void appendDate(StringBuilder out, LocalDate date) {
        int year = date.getYear();
        int shown = year <= 0 ? 1 - year : year;
        String y = Integer.toString(shown);
        for (int i = y.length(); i < 4; i++) {
            out.append('0');
        }
        out.append(y).append('-');
        pad2(out, date.getMonthValue()).append('-');
        pad2(out, date.getDayOfMonth());
    }

    private static void appendTime(StringBuilder out, LocalTime time) {
        pad2(out, time.getHour()).append(':');
        pad2(out, time.getMinute()).append(':');
        pad2(out, time.getSecond());
        int nanos = time.getNano();
        if (nanos != 0) {
            String f = String.format(java.util.Locale.ROOT, "%09d", nanos);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(f, 0, end);
        }
    }

    private static void appendOffset(StringBuilder out, ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        out.append(total < 0 ? '-' : '+');
        int abs = Math.abs(total);
        pad2(out, abs / 3600);
        int minutes = abs / 60 % 60;
        int seconds = abs % 60;
        if (minutes != 0 || seconds != 0) {
            out.append(':');
            pad2(out, minutes);
        }
        if (seconds != 0) {
            out.append(':');
            pad2(out, seconds);
        }
    }

    private static StringBuilder pad2(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }

    // ------------------------------------------------------------------------------------------------- parse

    /**
     * Parses a date: {@code 2020-01-02}, {@code 0044-03-15 BC}, {@code infinity}, {@code -infinity} (surrounding
     * whitespace allowed).
     *
     * @param text the text
     * @return the date; the infinity sentinels for {@code infinity}/{@code -infinity}
     * @throws ConversionException if the text is not a date
     */
    public static LocalDate parseDate(String text) {
        Scanner s = new Scanner("date", text);
        if (s.infinity() != 0) {
            return s.infinity() > 0 ? LocalDate.MAX : LocalDate.MIN;
        }
        int[] date = s.date();
        boolean bc = s.bc();
        s.end();
        return s.makeDate(date, bc);
    }

    /**
     * Parses a timestamp without time zone: {@code 2020-01-02 03:04:05.123456}, also with {@code T} as separator,
     * a date alone (midnight), {@code BC}, {@code infinity}, {@code -infinity}.
     *
     * @param text the text
     * @return the timestamp; the infinity sentinels for {@code infinity}/{@code -infinity}
     * @throws ConversionException if the text is not a timestamp
     */
    public static LocalDateTime parseTimestamp(String text) {
        Scanner s = new Scanner("timestamp", text);
        if (s.infinity() != 0) {
            return s.infinity() > 0 ? LocalDateTime.MAX : LocalDateTime.MIN;
        }
        int[] date = s.date();
        LocalTime time = LocalTime.MIDNIGHT;
        if (s.separator()) {
            time = s.time(false);
        }
        boolean bc = s.bc();
        s.end();
        return LocalDateTime.of(s.makeDate(date, bc), time);
    }

    /**
     * Parses a timestamp with time zone: {@code 2020-01-02 03:04:05.123456+00}, {@code +05:30}, {@code +0530},
     * {@code Z}, {@code BC}, {@code infinity}, {@code -infinity}. A missing offset means UTC.
     *
     * @param text the text
     * @return the timestamp with the offset of the text; the infinity sentinels for {@code infinity}/{@code -infinity}
     * @throws ConversionException if the text is not a timestamp with time zone
     */
    public static OffsetDateTime parseTimestampTz(String text) {
        Scanner s = new Scanner("timestamp with time zone", text);
        if (s.infinity() != 0) {
            return s.infinity() > 0 ? OffsetDateTime.MAX : OffsetDateTime.MIN;
        }
        int[] date = s.date();
        boolean hasTime = s.separator();
        LocalTime time = hasTime ? s.time(false) : LocalTime.MIDNIGHT;
        ZoneOffset offset = hasTime ? s.offset(true) : ZoneOffset.UTC;
        boolean bc = s.bc();
        s.end();
        return s.wrap(() -> OffsetDateTime.of(s.makeDate(date, bc), time, offset));
    }

    /**
     * Parses a time of day: {@code 03:04:05.5}, {@code 03:04}, {@code 24:00:00} (read as {@link LocalTime#MAX}).
     *
     * @param text the text
     * @return the time
     * @throws ConversionException if the text is not a time
     */
    public static LocalTime parseTime(String text) {
        Scanner s = new Scanner("time", text);
        LocalTime time = s.time(true);
        s.end();
        return time;
    }

    /**
     * Parses a time of day with time zone: {@code 03:04:05+02}, {@code 03:04:05.5-03:30}.
     *
     * @param text the text
     * @return the time with its offset
     * @throws ConversionException if the text is not a time with time zone
     */
    public static OffsetTime parseTimeTz(String text) {
        Scanner s = new Scanner("time with time zone", text);
        LocalTime time = s.time(true);
        ZoneOffset offset = s.offset(false);
        s.end();
        return OffsetTime.of(time, offset);
    }

    /** A cursor over date/time text that reports every problem as a {@link ConversionException}. */
    private static final class Scanner {
        private final String type;
        private final String input;
        private final String s;
        private int pos;

        Scanner(String type, String input) {
            this.type = type;
            this.input = PgText.requireText(input, type);
            this.s = input.strip();
        }

        ConversionException error(String reason) {
            return ConversionException.invalidText(type, input, reason);
        }

        <T> T wrap(java.util.function.Supplier<T> f) {
            try {
                return f.get();
            } catch (DateTimeException | ArithmeticException e) {
                throw new ConversionException(error(e.getMessage()).getMessage(), e);
            }
        }

        int infinity() {
            if (s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("+infinity")) {
                return 1;
            }
            return s.equalsIgnoreCase("-infinity") ? -1 : 0;
        }

        int digits(int min, int max) {
            int start = pos;
            while (pos < s.length() && PgText.isAsciiDigit(s.charAt(pos)) && pos - start < max) {
                pos++;
            }
            if (pos - start < min) {
                throw error("expected digits at position " + start);
            }
            return Integer.parseInt(s.substring(start, pos));
        }

        void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        /** Reads year, month and day; the date is made once the era is known, as leap years depend on it. */
        int[] date() {
            int year = digits(1, 9);
            expect('-');
            int month = digits(1, 2);
            expect('-');
            int day = digits(1, 2);
            if (year == 0) {
                throw error("year 0 does not exist, use 0001 BC");
            }
            return new int[] {year, month, day};
        }

        boolean separator() {
            if (pos < s.length() && (s.charAt(pos) == 'T' || s.charAt(pos) == 't')) {
                pos++;
                return true;
            }
            int start = pos;
            while (pos < s.length() && PgText.isSpace(s.charAt(pos))) {
                pos++;
            }
            if (pos > start && pos < s.length() && PgText.isAsciiDigit(s.charAt(pos))) {
                return true;
            }
            pos = start;
            return false;
        }

        LocalTime time(boolean allow24) {
            int hour = digits(1, 2);
            expect(':');
            int minute = digits(1, 2);
            int second = 0;
            int nanos = 0;
            if (pos < s.length() && s.charAt(pos) == ':') {
                pos++;
                second = digits(1, 2);
                if (pos < s.length() && s.charAt(pos) == '.') {
                    pos++;
                    int start = pos;
                    while (pos < s.length() && PgText.isAsciiDigit(s.charAt(pos))) {
                        pos++;
                    }
                    String fraction = s.substring(start, pos);
                    if (fraction.isEmpty()) {
                        throw error("empty fraction");
                    }
                    if (fraction.length() > 9) {
                        fraction = fraction.substring(0, 9);
                    }
                    nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
                }
            }
            if (hour == 24 && minute == 0 && second == 0 && nanos == 0 && allow24) {
                return LocalTime.MAX;
            }
            int h = hour;
            int m = minute;
            int sec = second;
            int n = nanos;
            return wrap(() -> LocalTime.of(h, m, sec, n));
        }

        ZoneOffset offset(boolean optional) {
            while (pos < s.length() && PgText.isSpace(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == 'Z' || s.charAt(pos) == 'z')) {
                pos++;
                return ZoneOffset.UTC;
            }
            if (pos >= s.length() || (s.charAt(pos) != '+' && s.charAt(pos) != '-')) {
                if (optional) {
                    return ZoneOffset.UTC;
                }
                throw error("missing time zone offset");
            }
            int sign = s.charAt(pos) == '-' ? -1 : 1;
            pos++;
            int start = pos;
            int hours = digits(1, 2);
            int minutes = 0;
            int seconds = 0;
            if (pos - start == 2 && pos + 1 < s.length() && PgText.isAsciiDigit(s.charAt(pos))) {
                minutes = digits(2, 2);
            } else if (pos < s.length() && s.charAt(pos) == ':') {
                pos++;
                minutes = digits(2, 2);
                if (pos < s.length() && s.charAt(pos) == ':') {
                    pos++;
                    seconds = digits(2, 2);
                }
            }
            int total = sign * (hours * 3600 + minutes * 60 + seconds);
            return wrap(() -> ZoneOffset.ofTotalSeconds(total));
        }

        boolean bc() {
            int start = pos;
            while (pos < s.length() && PgText.isSpace(s.charAt(pos))) {
                pos++;
            }
            if (s.regionMatches(true, pos, "BC", 0, 2)) {
                pos += 2;
                return true;
            }
            if (s.regionMatches(true, pos, "AD", 0, 2)) {
                pos += 2;
                return false;
            }
            pos = start;
            return false;
        }

        LocalDate makeDate(int[] ymd, boolean bc) {
            return wrap(() -> LocalDate.of(bc ? 1 - ymd[0] : ymd[0], ymd[1], ymd[2]));
        }

        void end() {
            if (pos != s.length()) {
                throw error("unexpected text at position " + pos);
            }
        }
    }
}
