package io.pgconnector.types;

import io.pgconnector.types.internal.PgTime;
import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.function.Function;

/**
 * A PostgreSQL range ({@code int4range}, {@code int8range}, {@code numrange}, {@code daterange}, {@code tsrange},
 * {@code tstzrange} or a user-defined range) over an ordered element type.
 *
 * <p>A bound that is {@code null} is unbounded and always exclusive, as in the server. A range whose bounds are
 * equal and not both inclusive is empty; all empty ranges are equal. A lower bound above the upper bound is
 * rejected.
 *
 * <p>Text form: {@code [1,5)}, {@code (,5]}, {@code (,)}, {@code empty},
 * {@code ["2020-01-01 00:00:00","2020-02-01 00:00:00")}; bounds are quoted when empty or containing quotes,
 * backslashes, brackets, parentheses, commas or whitespace, and inside quotes {@code "} and {@code \} are doubled.
 *
 * <p><b>Canonical form.</b> The server stores ranges of discrete types ({@code int4}, {@code int8}, {@code date})
 * as {@code [a,b)}: {@code '[1,5]'::int4range} reads back as {@code [1,6)}. Ranges built here are kept as given, so
 * compare with {@link #canonical()}: {@code Range.closed(1, 5).canonical().equals(Range.parseInt4("[1,6)"))}.
 *
 * <p>Example: {@code Range.parseInt4("[1,5)").contains(4)} is {@code true}.
 *
 * @param <T> the element type
 */
public final class Range<T extends Comparable<? super T>> {
    private static final String TYPE = "range";
    @SuppressWarnings("rawtypes")
    private static final Range EMPTY = new Range<>(null, false, null, false, true);

    private final T lower;
    private final boolean lowerInclusive;
    private final T upper;
    private final boolean upperInclusive;
    private final boolean empty;

    private Range(T lower, boolean lowerInclusive, T upper, boolean upperInclusive, boolean empty) {
        this.lower = lower;
        this.lowerInclusive = lowerInclusive;
        this.upper = upper;
        this.upperInclusive = upperInclusive;
        this.empty = empty;
    }

    /**
     * Creates a range from its bounds; {@code null} bounds are unbounded (and made exclusive).
     *
     * <p>Example: {@code Range.of(1, true, 5, false)} is {@code [1,5)}.
     *
     * @param lower          the lower bound, or {@code null} for none
     * @param lowerInclusive whether the lower bound is included
     * @param upper          the upper bound, or {@code null} for none
     * @param upperInclusive whether the upper bound is included
     * @param <T>            the element type
     * @return the range, {@link #empty()} when the bounds are equal and not both inclusive
     * @throws ConversionException if the lower bound is greater than the upper bound
     */
    public static <T extends Comparable<? super T>> Range<T> of(T lower, boolean lowerInclusive, T upper,
                                                               boolean upperInclusive) {
        boolean li = lower != null && lowerInclusive;
        boolean ui = upper != null && upperInclusive;
        if (lower != null && upper != null) {
            int cmp = lower.compareTo(upper);
            if (cmp > 0) {
                throw ConversionException.invalidText(TYPE, format(lower, li, upper, ui, Range::formatElement),
                        "range lower bound must be less than or equal to range upper bound");
            }
            if (cmp == 0 && !(li && ui)) {
                return empty();
            }
        }
        return new Range<>(lower, li, upper, ui, false);
    }

    /**
     * The empty range, text {@code empty}.
     *
     * @param <T> the element type
     * @return the empty range
     */
    @SuppressWarnings("unchecked")
    public static <T extends Comparable<? super T>> Range<T> empty() {
        return (Range<T>) EMPTY;
    }

    /**
     * The range of all values, text {@code (,)}.
     *
     * @param <T> the element type
     * @return the unbounded range
     */
    public static <T extends Comparable<? super T>> Range<T> all() {
        return new Range<>(null, false, null, false, false);
    }

    /**
     * {@code [lower,upper]}.
     *
     * @param lower the included lower bound, not {@code null}
     * @param upper the included upper bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> closed(T lower, T upper) {
        return of(requireBound(lower), true, requireBound(upper), true);
    }

    /**
     * {@code [lower,upper)}.
     *
     * @param lower the included lower bound, not {@code null}
     * @param upper the excluded upper bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> closedOpen(T lower, T upper) {
        return of(requireBound(lower), true, requireBound(upper), false);
    }

    /**
     * {@code (lower,upper)}.
     *
     * @param lower the excluded lower bound, not {@code null}
     * @param upper the excluded upper bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> open(T lower, T upper) {
        return of(requireBound(lower), false, requireBound(upper), false);
    }

    /**
     * {@code (lower,upper]}.
     *
     * @param lower the excluded lower bound, not {@code null}
     * @param upper the included upper bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> openClosed(T lower, T upper) {
        return of(requireBound(lower), false, requireBound(upper), true);
    }

    /**
     * {@code [lower,)}.
     *
     * @param lower the included lower bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> atLeast(T lower) {
        return of(requireBound(lower), true, null, false);
    }

    /**
     * {@code (lower,)}.
     *
     * @param lower the excluded lower bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> greaterThan(T lower) {
        return of(requireBound(lower), false, null, false);
    }

    /**
     * {@code (,upper]}.
     *
     * @param upper the included upper bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> atMost(T upper) {
        return of(null, false, requireBound(upper), true);
    }

    /**
     * {@code (,upper)}.
     *
     * @param upper the excluded upper bound, not {@code null}
     * @param <T>   the element type
     * @return the range
     */
    public static <T extends Comparable<? super T>> Range<T> lessThan(T upper) {
        return of(null, false, requireBound(upper), false);
    }

    private static <T> T requireBound(T bound) {
        if (bound == null) {
            throw new ConversionException("invalid range value: bound must not be null (use atLeast/atMost/all)");
        }
        return bound;
    }

    /**
     * Returns the lower bound.
     *
     * @return the lower bound, or {@code null} if unbounded or empty
     */
    public T lower() {
        return lower;
    }

    /**
     * Returns the upper bound.
     *
     * @return the upper bound, or {@code null} if unbounded or empty
     */
    public T upper() {
        return upper;
    }

    /**
     * Whether the lower bound is included; always {@code false} when unbounded.
     *
     * @return whether the lower bound is included
     */
    public boolean lowerInclusive() {
        return lowerInclusive;
    }

    /**
     * Whether the upper bound is included; always {@code false} when unbounded.
     *
     * @return whether the upper bound is included
     */
    public boolean upperInclusive() {
        return upperInclusive;
    }

    /**
     * Whether this is the empty range.
     *
     * @return whether the range is empty
     */
    public boolean isEmpty() {
        return empty;
    }

    /**
     * Whether the range contains a value.
     *
     * @param value the value, not {@code null}
     * @return whether it lies within the bounds
     */
    public boolean contains(T value) {
        if (empty) {
            return false;
        }
        if (lower != null) {
            int c = value.compareTo(lower);
            if (c < 0 || (c == 0 && !lowerInclusive)) {
                return false;
            }
        }
        if (upper != null) {
            int c = value.compareTo(upper);
            return c < 0 || (c == 0 && upperInclusive);
        }
        return true;
    }

    /**
     * Returns the form the server stores for discrete element types ({@link Integer}, {@link Long},
     * {@link LocalDate}): {@code [a,b)}, e.g. {@code [1,5]} becomes {@code [1,6)} and {@code (1,5)} becomes
     * {@code [2,5)}. An infinite date bound is left alone with its inclusivity, as in the server
     * ({@code [d,infinity]} stays). Ranges of other types are returned unchanged.
     *
     * @return the canonical range
     * @throws ConversionException if a bound overflows the element type
     */
    public Range<T> canonical() {
        if (empty) {
            return this;
        }
        T l = lower;
        T u = upper;
        boolean li = lowerInclusive;
        boolean ui = upperInclusive;
        // An infinite date bound keeps its inclusivity, as the server's daterange_canonical leaves it.
        if (l != null && !li && !isInfiniteDate(l)) {
            T next = successor(l);
            if (next == null) {
                return this;
            }
            l = next;
            li = true;
        }
        if (u != null && ui && !isInfiniteDate(u)) {
            T next = successor(u);
            if (next == null) {
                return this;
            }
            u = next;
            ui = false;
        }
        return of(l, li, u, ui);
    }

    private static boolean isInfiniteDate(Object value) {
        return value instanceof LocalDate && PgTime.isInfinite((LocalDate) value);
    }

    @SuppressWarnings("unchecked")
    private T successor(T value) {
        try {
            if (value instanceof Integer) {
                return (T) Integer.valueOf(Math.addExact((Integer) value, 1));
            }
            if (value instanceof Long) {
                return (T) Long.valueOf(Math.addExact((Long) value, 1L));
            }
        } catch (ArithmeticException e) {
            throw new ConversionException(ConversionException.invalidText(TYPE, toString(), "out of range")
                    .getMessage(), e);
        }
        if (value instanceof LocalDate) {
            return (T) ((LocalDate) value).plusDays(1);
        }
        return null;
    }

    /**
     * Returns the server's text form using {@link #formatElement(Object)} for the bounds, e.g. {@code [1,5)} or
     * {@code ["2020-01-01 00:00:00",)}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return toString(Range::formatElement);
    }

    /**
     * Returns the server's text form with a custom text form for the bounds (quoting is added as needed).
     *
     * @param elementFormatter the text form of one bound
     * @return the text form
     */
    public String toString(Function<? super T, String> elementFormatter) {
        if (empty) {
            return "empty";
        }
        return format(lower, lowerInclusive, upper, upperInclusive, elementFormatter);
    }

    private static <T> String format(T lower, boolean li, T upper, boolean ui, Function<? super T, String> f) {
        StringBuilder out = new StringBuilder();
        out.append(li ? '[' : '(');
        if (lower != null) {
            appendBound(out, f.apply(lower));
        }
        out.append(',');
        if (upper != null) {
            appendBound(out, f.apply(upper));
        }
        return out.append(ui ? ']' : ')').toString();
    }

    private static void appendBound(StringBuilder out, String text) {
        boolean quote = text.isEmpty();
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == '"' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']' || c == ','
                    || PgText.isSpace(c);
        }
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append(c);
            }
            out.append(c);
        }
        out.append('"');
    }

    /**
     * The text form of a range element as the server prints it: {@link LocalDate} as {@code yyyy-MM-dd},
     * {@link LocalDateTime} as {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, {@link OffsetDateTime} with a {@code +00}-style
     * offset (see {@link PgTime}), {@link BigDecimal} in plain notation, anything else by {@code toString()}.
     *
     * @param element the element
     * @return its text form, unquoted
     */
    public static String formatElement(Object element) {
        if (element instanceof LocalDate) {
            return PgTime.formatDate((LocalDate) element);
        }
        if (element instanceof LocalDateTime) {
            return PgTime.formatTimestamp((LocalDateTime) element);
        }
        if (element instanceof OffsetDateTime) {
            return PgTime.formatTimestampTz((OffsetDateTime) element);
        }
        if (element instanceof BigDecimal) {
            return ((BigDecimal) element).toPlainString();
        }
        return String.valueOf(element);
    }

    /**
     * Parses a range's text form with a parser for the bound texts (already unquoted and unescaped).
     *
     * <p>Example: {@code Range.parse("[a,\"x y\")", s -> s)} is the range from {@code a} to {@code x y}.
     *
     * @param text          the text, e.g. {@code [1,5)} or {@code empty}
     * @param elementParser reads one bound; its exceptions are reported as {@link ConversionException}
     * @param <T>           the element type
     * @return the range
     * @throws ConversionException if the text is not a range or a bound is invalid
     */
    public static <T extends Comparable<? super T>> Range<T> parse(String text, Function<String, T> elementParser) {
        PgText.requireText(text, TYPE);
        String s = text;
        int n = s.length();
        int i = PgText.skipSpace(s, 0);
        if (s.regionMatches(true, i, "empty", 0, 5) && PgText.skipSpace(s, i + 5) == n) {
            return empty();
        }
        if (i >= n || (s.charAt(i) != '[' && s.charAt(i) != '(')) {
            throw ConversionException.invalidText(TYPE, text, "missing left parenthesis or bracket");
        }
        boolean li = s.charAt(i) == '[';
        int[] cursor = {i + 1};
        String lowerText = bound(s, cursor, text);
        if (cursor[0] >= n || s.charAt(cursor[0]) != ',') {
            throw ConversionException.invalidText(TYPE, text, "missing comma after lower bound");
        }
        cursor[0]++;
        String upperText = bound(s, cursor, text);
        if (cursor[0] >= n || (s.charAt(cursor[0]) != ']' && s.charAt(cursor[0]) != ')')) {
            throw ConversionException.invalidText(TYPE, text, "missing right parenthesis or bracket");
        }
        boolean ui = s.charAt(cursor[0]) == ']';
        if (PgText.skipSpace(s, cursor[0] + 1) != n) {
            throw ConversionException.invalidText(TYPE, text, "junk after right parenthesis or bracket");
        }
        T lower = lowerText == null ? null : element(elementParser, lowerText, text);
        T upper = upperText == null ? null : element(elementParser, upperText, text);
        return of(lower, li, upper, ui);
    }

    private static <T> T element(Function<String, T> parser, String bound, String text) {
        T value;
        try {
            value = parser.apply(bound);
        } catch (RuntimeException e) {
            throw new ConversionException(ConversionException.invalidText(TYPE, text, "bad bound '" + bound + "': "
                    + e.getMessage()).getMessage(), e);
        }
        if (value == null) {
            throw ConversionException.invalidText(TYPE, text, "bound '" + bound + "' parsed to null");
        }
        return value;
    }

    /** Reads one bound as the server's range_parse_bound does; returns {@code null} for an empty (missing) bound. */
    private static String bound(String s, int[] cursor, String text) {
        int i = cursor[0];
        int n = s.length();
        StringBuilder out = new StringBuilder();
        boolean inQuote = false;
        boolean any = false;
        while (true) {
            if (i >= n) {
                throw ConversionException.invalidText(TYPE, text, "unexpected end of input");
            }
            char c = s.charAt(i);
            if (!inQuote && (c == ',' || c == ')' || c == ']')) {
                break;
            }
            any = true;
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw ConversionException.invalidText(TYPE, text, "unexpected end of input");
                }
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                if (!inQuote) {
                    inQuote = true;
                } else if (i + 1 < n && s.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    inQuote = false;
                }
                i++;
            } else if (!inQuote && (c == '(' || c == '[')) {
                throw ConversionException.invalidText(TYPE, text, "unexpected '" + c + "'");
            } else {
                out.append(c);
                i++;
            }
        }
        cursor[0] = i;
        return any ? out.toString() : null;
    }

    /**
     * Parses an {@code int4range}, e.g. {@code [1,6)}.
     *
     * @param text the text
     * @return the range
     * @throws ConversionException if the text is not an int4range
     */
    public static Range<Integer> parseInt4(String text) {
        return parse(text, b -> (int) parseInteger(b, "integer", Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /**
     * Parses an {@code int8range}, e.g. {@code [1,6)}.
     *
     * @param text the text
     * @return the range
     * @throws ConversionException if the text is not an int8range
     */
    public static Range<Long> parseInt8(String text) {
        return parse(text, b -> parseInteger(b, "bigint", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /**
     * Parses a {@code numrange}, e.g. {@code [1.5,2]}.
     *
     * @param text the text
     * @return the range
     * @throws ConversionException if the text is not a numrange (bounds {@code NaN}/{@code Infinity} are not
     *                             supported by {@link BigDecimal})
     */
    public static Range<BigDecimal> parseNum(String text) {
        return parse(text, b -> {
            String t = b.strip();
            if (!PgText.isDecimalNumber(t)) {
                throw ConversionException.invalidText("numeric", b, null);
            }
            BigDecimal value = new BigDecimal(t);
            // numeric holds at most 131072 digits before the decimal point and 16383 after; refusing more, as the
            // server does, keeps a short text such as 1e999999 from becoming a value with a huge text form.
            if (value.precision() - value.scale() > 131072 || value.scale() > 16383) {
                throw ConversionException.invalidText("numeric", b, "value overflows numeric format");
            }
            return value;
        });
    }

    /**
     * Parses a {@code daterange}, e.g. {@code [2020-01-01,2020-02-01)}.
     *
     * @param text the text
     * @return the range
     * @throws ConversionException if the text is not a daterange
     */
    public static Range<LocalDate> parseDate(String text) {
        return parse(text, PgTime::parseDate);
    }

    /**
     * Parses a {@code tsrange}, e.g. {@code ["2020-01-01 00:00:00","2020-02-01 00:00:00")}.
     *
     * @param text the text
     * @return the range
     * @throws ConversionException if the text is not a tsrange
     */
    public static Range<LocalDateTime> parseTimestamp(String text) {
        return parse(text, PgTime::parseTimestamp);
    }

    /**
     * Parses a {@code tstzrange}, e.g. {@code ["2020-01-01 00:00:00+00",)}.
     *
     * @param text the text
     * @return the range
     * @throws ConversionException if the text is not a tstzrange
     */
    public static Range<OffsetDateTime> parseTimestampTz(String text) {
        return parse(text, PgTime::parseTimestampTz);
    }

    private static long parseInteger(String b, String type, long min, long max) {
        String t = b.strip();
        try {
            long v = Long.parseLong(t);
            if (v < min || v > max) {
                throw ConversionException.invalidText(type, b, "out of range");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConversionException(ConversionException.invalidText(type, b, null).getMessage(), e);
        }
    }

    /**
     * Ranges are equal when both are empty or when their bounds and inclusivity are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Range)) {
            return false;
        }
        Range<?> r = (Range<?>) o;
        if (empty || r.empty) {
            return empty == r.empty;
        }
        return lowerInclusive == r.lowerInclusive && upperInclusive == r.upperInclusive
                && Objects.equals(lower, r.lower) && Objects.equals(upper, r.upper);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return empty ? 0 : Objects.hash(lower, lowerInclusive, upper, upperInclusive);
    }
}
