package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Period;
import java.util.Locale;

/**
 * A PostgreSQL {@code interval}, stored exactly as the server stores it: a number of months, a number of days and
 * a number of microseconds, each with its own sign. Years are folded into months ({@code 1 year 2 mons} is
 * 14 months), and equality compares the three stored fields, so {@code 12 mons} equals {@code 1 year} but
 * {@code 1 day} does not equal {@code 24:00:00} (as with the server's {@code =} on the stored form, which however
 * also treats those two as equal; compare {@link #toDuration()} values for that).
 *
 * <p>Text form: the server's default {@code IntervalStyle=postgres}, e.g. {@code 1 year 2 mons 3 days 04:05:06.5},
 * {@code -1 days +02:03:00}, {@code 00:00:00}, {@code -00:00:01}. {@link #parse} reads that style (with
 * {@code @}, {@code ago}, fractional and abbreviated units such as {@code 1.5 days}, {@code 3 hrs}) and ISO-8601
 * durations such as {@code P1Y2M3DT4H5M6.5S}.
 *
 * <p>Example: {@code Interval.parse("1 year -2 mons +3 days -04:00:00").toString()} is
 * {@code 10 mons 3 days -04:00:00}.
 *
 * @param totalMonths  years times 12 plus months
 * @param days         days
 * @param microseconds the time part in microseconds
 */
public record Interval(int totalMonths, int days, long microseconds) {

    /** The zero interval, {@code 00:00:00}. */
    public static final Interval ZERO = new Interval(0, 0, 0);

    private static final String TYPE = "interval";
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    /**
     * Creates an interval from its fields, folding years into months and the time fields into microseconds.
     * Seconds are rounded to whole microseconds, as the server does.
     *
     * <p>Example: {@code Interval.of(1, 2, 3, 4, 5, new BigDecimal("6.5"))} is {@code 1 year 2 mons 3 days 04:05:06.5}.
     *
     * @param years   years
     * @param months  months
     * @param days    days
     * @param hours   hours
     * @param minutes minutes
     * @param seconds seconds with up to six fractional digits, not {@code null}
     * @return the interval
     * @throws ConversionException if a field is out of the server's range
     */
    public static Interval of(int years, int months, int days, int hours, int minutes, BigDecimal seconds) {
        if (seconds == null) {
            throw new ConversionException("invalid interval value: seconds must not be null");
        }
        return build(BigInteger.valueOf(years).multiply(BigInteger.valueOf(12)).add(BigInteger.valueOf(months)),
                BigInteger.valueOf(days),
                BigDecimal.valueOf(hours).multiply(BigDecimal.valueOf(MICROS_PER_HOUR))
                        .add(BigDecimal.valueOf(minutes).multiply(BigDecimal.valueOf(MICROS_PER_MINUTE)))
                        .add(seconds.multiply(BigDecimal.valueOf(MICROS_PER_SECOND))),
                "of(" + years + "," + months + "," + days + "," + hours + "," + minutes + "," + seconds + ")");
    }

    /**
     * Creates an interval with whole seconds.
     *
     * @param years   years
     * @param months  months
     * @param days    days
     * @param hours   hours
     * @param minutes minutes
     * @param seconds seconds
     * @return the interval
     */
    public static Interval of(int years, int months, int days, int hours, int minutes, long seconds) {
        return of(years, months, days, hours, minutes, BigDecimal.valueOf(seconds));
    }

    /**
     * Creates an interval of a number of months and days, like {@code Period}; years are folded into months.
     *
     * <p>Example: {@code Interval.of(Period.of(1, 2, 3))} is {@code 1 year 2 mons 3 days}.
     *
     * @param period the period, not {@code null}
     * @return the interval
     * @throws ConversionException if the period's total months does not fit the server's range
     */
    public static Interval of(Period period) {
        if (period == null) {
            throw new ConversionException("invalid interval value: period must not be null");
        }
        return build(BigInteger.valueOf(period.toTotalMonths()), BigInteger.valueOf(period.getDays()),
                BigDecimal.ZERO, period.toString());
    }

    /**
     * Creates an interval holding a duration entirely in its time part (so {@code Duration.ofHours(36)} is
     * {@code 36:00:00}, not {@code 1 day 12:00:00}, exactly as the server stores {@code '36 hours'}), rounded to
     * whole microseconds.
     *
     * @param duration the duration, not {@code null}
     * @return the interval
     * @throws ConversionException if the duration exceeds the server's range
     */
    public static Interval of(Duration duration) {
        if (duration == null) {
            throw new ConversionException("invalid interval value: duration must not be null");
        }
        BigDecimal micros = new BigDecimal(duration.getSeconds()).multiply(BigDecimal.valueOf(MICROS_PER_SECOND))
                .add(BigDecimal.valueOf(duration.getNano(), 3));
        return build(BigInteger.ZERO, BigInteger.ZERO, micros, duration.toString());
    }

    private static Interval build(BigInteger months, BigInteger days, BigDecimal micros, String input) {
        BigInteger us = micros.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        if (months.bitLength() > 31 || days.bitLength() > 31 || us.bitLength() > 63) {
            throw ConversionException.invalidText(TYPE, input, "interval out of range");
        }
        return new Interval(months.intValue(), days.intValue(), us.longValue());
    }

    /**
     * Returns the whole years, {@code totalMonths() / 12} (with the sign of the months).
     *
     * @return the years
     */
    public int years() {
        return totalMonths / 12;
    }

    /**
     * Returns the months beyond whole years, {@code totalMonths() % 12} (with the sign of the months).
     *
     * @return the months within the year
     */
    public int months() {
        return totalMonths % 12;
    }

    /**
     * Returns the whole hours of the time part (with its sign).
     *
     * @return the hours
     */
    public long hours() {
        return microseconds / MICROS_PER_HOUR;
    }

    /**
     * Returns the minutes within the hour of the time part (with its sign).
     *
     * @return the minutes
     */
    public int minutes() {
        return (int) (microseconds % MICROS_PER_HOUR / MICROS_PER_MINUTE);
    }

    /**
     * Returns the seconds within the minute of the time part, with six fractional digits and its sign, e.g.
     * {@code 6.500000}.
     *
     * @return the seconds
     */
    public BigDecimal seconds() {
        return BigDecimal.valueOf(microseconds % MICROS_PER_MINUTE, 6);
    }

    /**
     * Converts to a {@link Period} of years, months and days.
     *
     * @return the period
     * @throws ConversionException if the interval has a time part
     */
    public Period toPeriod() {
        if (microseconds != 0) {
            throw ConversionException.invalidText(TYPE, toString(), "has a time part, cannot be a Period");
        }
        return Period.of(years(), months(), days);
    }

    /**
     * Converts to a {@link Duration}, counting a day as 24 hours.
     *
     * @return the duration
     * @throws ConversionException if the interval has months or years
     */
    public Duration toDuration() {
        if (totalMonths != 0) {
            throw ConversionException.invalidText(TYPE, toString(), "has months or years, cannot be a Duration");
        }
        return Duration.ofDays(days).plus(Duration.ofSeconds(Math.floorDiv(microseconds, MICROS_PER_SECOND),
                Math.floorMod(microseconds, MICROS_PER_SECOND) * 1000L));
    }

    /**
     * Returns the text the server prints with {@code IntervalStyle=postgres}, e.g.
     * {@code 1 year 2 mons 3 days 04:05:06.5} or {@code -1 days +02:03:00}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        // Mirrors the server's EncodeInterval: a part after a negative part gets an explicit '+'.
        boolean[] state = {true, false}; // isZero, isBefore
        appendPart(out, years(), "year", state);
        appendPart(out, months(), "mon", state);
        appendPart(out, days, "day", state);
        if (state[0] || microseconds != 0) {
            long time = microseconds;
            boolean minus = time < 0;
            // BigInteger because |Long.MIN_VALUE| does not fit a long.
            BigInteger[] hourAndRest = BigInteger.valueOf(time).abs()
                    .divideAndRemainder(BigInteger.valueOf(MICROS_PER_HOUR));
            long hours = hourAndRest[0].longValue();
            long rest = hourAndRest[1].longValue();
            long minutes = rest / MICROS_PER_MINUTE;
            rest %= MICROS_PER_MINUTE;
            long secs = rest / MICROS_PER_SECOND;
            long fraction = rest % MICROS_PER_SECOND;
            if (!state[0]) {
                out.append(' ');
            }
            out.append(minus ? "-" : (state[1] ? "+" : ""));
            appendTwoDigits(out, hours).append(':');
            appendTwoDigits(out, minutes).append(':');
            appendTwoDigits(out, secs);
            if (fraction != 0) {
                String f = String.format(Locale.ROOT, "%06d", fraction);
                int end = f.length();
                while (f.charAt(end - 1) == '0') {
                    end--;
                }
                out.append('.').append(f, 0, end);
            }
        }
        return out.toString();
    }

    private static StringBuilder appendTwoDigits(StringBuilder out, long value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }

    private static void appendPart(StringBuilder out, int value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        if (!state[0]) {
            out.append(' ');
        }
        if (state[1] && value > 0) {
            out.append('+');
        }
        out.append(value).append(' ').append(unit);
        if (value != 1) {
            out.append('s');
        }
        state[1] = value < 0;
        state[0] = false;
    }

    /**
     * Parses an interval in the server's {@code postgres} output style or a reasonable input variant
     * ({@code 1 year 2 mons 3 days 04:05:06.5}, {@code @ 1 day ago}, {@code 1.5 hours}, {@code 90 min},
     * {@code -00:00:01}) or an ISO-8601 duration ({@code P1Y2M3DT4H5M6.5S}, {@code PT-1.5S}).
     *
     * @param text the text
     * @return the interval
     * @throws ConversionException if the text is not an interval or is out of range
     */
    public static Interval parse(String text) {
        PgText.requireText(text, TYPE);
        try {
            return new IntervalParser(text).parse();
        } catch (ArithmeticException | NumberFormatException | IndexOutOfBoundsException e) {
            throw new ConversionException(ConversionException.invalidText(TYPE, text, e.getMessage()).getMessage(), e);
        }
    }

    /** A small scanner accumulating months, days and microseconds exactly. */
    private static final class IntervalParser {
        private final String input;
        private final String s;
        private int pos;
        private BigDecimal months = BigDecimal.ZERO;
        private BigDecimal days = BigDecimal.ZERO;
        private BigDecimal micros = BigDecimal.ZERO;

        IntervalParser(String input) {
            this.input = input;
            this.s = input.strip().toLowerCase(Locale.ROOT);
        }

        ConversionException error(String reason) {
            return ConversionException.invalidText(TYPE, input, reason);
        }

        Interval parse() {
            if (s.isEmpty()) {
                throw error("empty");
            }
            if (s.charAt(0) == 'p') {
                parseIso();
            } else {
                parsePostgres();
            }
            return build(months.setScale(0, RoundingMode.DOWN).toBigIntegerExact(),
                    days.setScale(0, RoundingMode.DOWN).toBigIntegerExact(), micros, input);
        }

        private void parsePostgres() {
            if (s.charAt(0) == '@') {
                pos = 1;
            }
            boolean ago = false;
            boolean any = false;
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    break;
                }
                if (ago) {
                    throw error("junk after 'ago'");
                }
                if (Character.isLetter(s.charAt(pos))) {
                    String word = word();
                    if (word.equals("ago")) {
                        ago = true;
                        continue;
                    }
                    throw error("unexpected word '" + word + "'");
                }
                int start = pos;
                if (s.charAt(pos) == '+' || s.charAt(pos) == '-') {
                    pos++;
                }
                while (pos < s.length() && (PgText.isAsciiDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == ':')) {
                    pos++;
                }
                String token = s.substring(start, pos);
                if (token.indexOf(':') >= 0) {
                    addTime(token);
                } else {
                    BigDecimal value = number(token);
                    skipSpace();
                    String unit = pos < s.length() && Character.isLetter(s.charAt(pos)) ? word() : "";
                    if (unit.equals("ago")) {
                        ago = true;
                        unit = "";
                    }
                    addUnit(value, unit, token);
                }
                any = true;
            }
            if (!any) {
                throw error("no fields");
            }
            if (ago) {
                months = months.negate();
                days = days.negate();
                micros = micros.negate();
            }
        }

        private void parseIso() {
            pos = 1;
            boolean time = false;
            boolean any = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == 't') {
                    if (time) {
                        throw error("second 'T'");
                    }
                    time = true;
                    pos++;
                    continue;
                }
                int start = pos;
                if (c == '+' || c == '-') {
                    pos++;
                }
                while (pos < s.length() && (PgText.isAsciiDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                String token = s.substring(start, pos);
                BigDecimal value = number(token);
                if (pos >= s.length()) {
                    throw error("missing unit after '" + token + "'");
                }
                char unit = s.charAt(pos++);
                String name;
                switch (unit) {
                    case 'y': name = time ? null : "year"; break;
                    case 'm': name = time ? "minute" : "month"; break;
                    case 'w': name = time ? null : "week"; break;
                    case 'd': name = time ? null : "day"; break;
                    case 'h': name = time ? "hour" : null; break;
                    case 's': name = time ? "second" : null; break;
                    default: name = null;
                }
                if (name == null) {
                    throw error("unexpected ISO-8601 unit '" + unit + "'");
                }
                addUnit(value, name, token);
                any = true;
            }
            if (!any) {
                throw error("no fields");
            }
        }

        private BigDecimal number(String token) {
            if (!PgText.isDecimalNumber(token) || token.indexOf('e') >= 0) {
                throw error("'" + token + "' is not a number");
            }
            return new BigDecimal(token);
        }

        private void addTime(String token) {
            boolean negative = token.startsWith("-");
            String body = token.startsWith("-") || token.startsWith("+") ? token.substring(1) : token;
            String[] parts = body.split(":", -1);
            if (parts.length > 3) {
                throw error("bad time field '" + token + "'");
            }
            for (String p : parts) {
                if (p.isEmpty() || !PgText.isDecimalNumber(p) || p.startsWith("+") || p.startsWith("-")) {
                    throw error("bad time field '" + token + "'");
                }
            }
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].indexOf('.') >= 0) {
                    throw error("bad time field '" + token + "'");
                }
            }
            BigDecimal total;
            if (parts.length == 3) {
                total = hms(parts[0], parts[1], parts[2]);
            } else if (parts[1].indexOf('.') >= 0) {
                // "mm:ss.f": a fraction on the second field means minutes and seconds, as in the server.
                total = hms("0", parts[0], parts[1]);
            } else {
                total = hms(parts[0], parts[1], "0");
            }
            micros = micros.add(negative ? total.negate() : total);
        }

        private BigDecimal hms(String h, String m, String sec) {
            BigDecimal minutes = new BigDecimal(m);
            BigDecimal seconds = new BigDecimal(sec);
            if (minutes.compareTo(BigDecimal.valueOf(59)) > 0 || seconds.compareTo(BigDecimal.valueOf(60)) >= 0) {
                throw error("time field out of range");
            }
            return new BigDecimal(h).multiply(BigDecimal.valueOf(MICROS_PER_HOUR))
                    .add(minutes.multiply(BigDecimal.valueOf(MICROS_PER_MINUTE)))
                    .add(seconds.multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
        }

        private void addUnit(BigDecimal value, String unit, String token) {
            switch (unit) {
                case "":
                case "s": case "sec": case "secs": case "second": case "seconds":
                    micros = micros.add(value.multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
                    break;
                case "ms": case "msec": case "msecs": case "millisecond": case "milliseconds":
                    micros = micros.add(value.multiply(BigDecimal.valueOf(1000)));
                    break;
                case "us": case "usec": case "usecs": case "microsecond": case "microseconds":
                    micros = micros.add(value);
                    break;
                case "m": case "min": case "mins": case "minute": case "minutes":
                    micros = micros.add(value.multiply(BigDecimal.valueOf(MICROS_PER_MINUTE)));
                    break;
                case "h": case "hr": case "hrs": case "hour": case "hours":
                    micros = micros.add(value.multiply(BigDecimal.valueOf(MICROS_PER_HOUR)));
                    break;
                case "d": case "day": case "days":
                    addDays(value);
                    break;
                case "w": case "week": case "weeks":
                    addDays(value.multiply(BigDecimal.valueOf(7)));
                    break;
                case "mon": case "mons": case "month": case "months":
                    addMonths(value);
                    break;
                case "y": case "yr": case "yrs": case "year": case "years":
                    addYears(value, 12);
                    break;
                case "decade": case "decades":
                    addYears(value, 120);
                    break;
                case "century": case "centuries":
                    addYears(value, 1200);
                    break;
                case "millennium": case "millennia": case "millenniums":
                    addYears(value, 12000);
                    break;
                default:
                    throw error("unknown unit '" + unit + "' after " + token);
            }
        }

        private void addYears(BigDecimal value, int monthsPerUnit) {
            // The server rounds a fractional year to whole months.
            months = months.add(value.multiply(BigDecimal.valueOf(monthsPerUnit)).setScale(0, RoundingMode.HALF_EVEN));
        }

        private void addMonths(BigDecimal value) {
            // A fractional month cascades into 30-day months, then into time, as in the server.
            BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
            months = months.add(whole);
            addDays(value.subtract(whole).multiply(BigDecimal.valueOf(30)));
        }

        private void addDays(BigDecimal value) {
            BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
            days = days.add(whole);
            micros = micros.add(value.subtract(whole).multiply(BigDecimal.valueOf(MICROS_PER_DAY)));
        }

        private void skipSpace() {
            while (pos < s.length() && (PgText.isSpace(s.charAt(pos)) || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        private String word() {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }
    }
}
