package io.pgconnector.types.internal;

import io.pgconnector.errors.ConversionException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Helpers for PostgreSQL's generic text forms: one-dimensional arrays ({@code {1,2,NULL,"a b"}}), composite rows
 * ({@code (1,"a b",,"")}) and {@code float8} numbers ({@code 1.5}, {@code 1e+20}).
 *
 * <p>Example: {@code PgText.parseArray("{1,NULL,\"a b\"}")} returns {@code ["1", null, "a b"]} and
 * {@code PgText.formatArray(List.of("a b", "x"))} returns {@code {"a b",x}}.
 */
public final class PgText {
    private PgText() {
    }

    /**
     * Formats a {@code double} exactly as PostgreSQL 12+ prints a {@code float8}: the shortest text that reads back
     * as the same value, integral values without a fraction, scientific notation with a signed two-digit exponent
     * when the decimal exponent is below -4 or at least 15, and {@code Infinity}, {@code -Infinity}, {@code NaN}.
     *
     * <p>Examples: {@code 1} → {@code "1"}, {@code -2.25} → {@code "-2.25"}, {@code 1e20} → {@code "1e+20"},
     * {@code 1e-5} → {@code "1e-05"}, {@code -0.0} → {@code "-0"}.
     *
     * @param value the number
     * @return the server's text for it
     */
    public static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
        }
        // Java 17's Double.toString is not always the shortest round-trip text; rounding the exact binary value
        // to increasing precision finds the shortest (and, among those, the closest) digits, as the server's Ryu does.
        double magnitude = Math.abs(value);
        BigDecimal exact = new BigDecimal(magnitude);
        // Like the server's output (checked against PostgreSQL 15), the digits must lie strictly between the
        // midpoints to the neighbouring doubles: text exactly on a midpoint is never chosen, even though it would
        // read back as the same value under round-half-even.
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal upperMid = exact.add(new BigDecimal(Math.ulp(magnitude)).divide(two));
        BigDecimal lowerMid = exact.add(new BigDecimal(Math.nextDown(magnitude))).divide(two);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.compareTo(upperMid) < 0 && candidate.compareTo(lowerMid) > 0) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= 15) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        } else {
            out.append(shortest.toPlainString());
        }
        return out.toString();
    }

    /**
     * Parses a {@code float8} in the server's input forms: decimal or scientific numbers with optional sign and
     * surrounding whitespace, and {@code Infinity}, {@code -Infinity}, {@code inf}, {@code NaN} in any case.
     *
     * <p>Example: {@code parseDouble(" 1e+20 ")} returns {@code 1.0E20}.
     *
     * @param text the text
     * @return the number
     * @throws ConversionException if the text is not a number or is out of range
     */
    public static double parseDouble(String text) {
        return parseDouble(text, "double precision", text);
    }

    /**
     * Reads a {@code float8} token of a larger value, naming that value's type in errors.
     *
     * @param token    the number's text
     * @param typeName the type named in an error
     * @param input    the whole text, quoted in an error
     * @return the number
     * @throws ConversionException if the token is not a finite number
     */
    public static double parseDouble(String token, String typeName, String input) {
        if (token == null) {
            throw ConversionException.invalidText(typeName, input, "missing number");
        }
        String t = token.strip();
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        switch (unsigned) {
            case "infinity":
            case "inf":
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case "nan":
                if (lower.equals("nan")) {
                    return Double.NaN;
                }
                break;
            default:
                break;
        }
        // Double.parseDouble also takes hex floats and "1d"/"1f" suffixes, which the server rejects.
        if (!isDecimalNumber(t)) {
            throw ConversionException.invalidText(typeName, input, "'" + t + "' is not a number");
        }
        double d;
        try {
            d = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new ConversionException(ConversionException.invalidText(typeName, input, "bad number").getMessage(),
                    e);
        }
        if (Double.isInfinite(d)) {
            throw ConversionException.invalidText(typeName, input, "'" + t + "' is out of range");
        }
        return d;
    }

    /**
     * Whether the text is a decimal number as the server writes one (no hex, no suffixes).
     *
     * @param t the text
     * @return whether it is one
     */
    public static boolean isDecimalNumber(String t) {
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isAsciiDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && isAsciiDigit(t.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isAsciiDigit(t.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * Whether the character is {@code 0}-{@code 9}.
     *
     * @param c the character
     * @return whether it is an ASCII digit
     */
    public static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The characters C's {@code isspace} accepts, which is what the server's parsers skip.
     *
     * @param c the character
     * @return whether the server skips it as space
     */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\f';
    }

    // ---------------------------------------------------------------------------------------------- arrays

    /**
     * Parses the text form of a one-dimensional PostgreSQL array into its element texts; an unquoted {@code NULL}
     * (any case) becomes {@code null}. Quoted elements may contain anything, with {@code \} escaping the next
     * character; unquoted elements are trimmed and may also use {@code \} escapes. A leading dimension decoration
     * such as {@code [0:2]=} is skipped.
     *
     * <p>Example: {@code parseArray("{1,NULL,\"a b\",\"x\\\"y\"}")} returns {@code ["1", null, "a b", "x\"y"]}.
     *
     * @param text the array text
     * @return the elements, unmodifiable, possibly containing {@code null}
     * @throws ConversionException if the text is not a one-dimensional array literal
     */
    public static List<String> parseArray(String text) {
        return parseArray(text, ',');
    }

    /**
     * Parses an array whose elements are separated by {@code delimiter}: {@code ;} for {@code box[]}, whose
     * elements contain commas, and {@code ,} for every other built-in type. See {@link #parseArray(String)}.
     *
     * @param text      the array text
     * @param delimiter the element delimiter ({@code pg_type.typdelim} of the element type)
     * @return the elements, unmodifiable, possibly containing {@code null}
     * @throws ConversionException if the text is not a one-dimensional array literal
     */
    public static List<String> parseArray(String text, char delimiter) {
        final String type = "array";
        if (text == null) {
            throw ConversionException.invalidText(type, null, "null text");
        }
        int n = text.length();
        int i = skipSpace(text, 0);
        if (i < n && text.charAt(i) == '[') {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw ConversionException.invalidText(type, text, "dimension decoration without '='");
            }
            i = skipSpace(text, eq + 1);
        }
        if (i >= n || text.charAt(i) != '{') {
            throw ConversionException.invalidText(type, text, "must start with '{'");
        }
        i = skipSpace(text, i + 1);
        List<String> out = new ArrayList<>();
        if (i < n && text.charAt(i) == '}') {
            if (skipSpace(text, i + 1) != n) {
                throw ConversionException.invalidText(type, text, "junk after closing '}'");
            }
            return Collections.unmodifiableList(out);
        }
        while (true) {
            i = skipSpace(text, i);
            if (i >= n) {
                throw ConversionException.invalidText(type, text, "unexpected end of input");
            }
            char c = text.charAt(i);
            if (c == '{') {
                throw ConversionException.invalidText(type, text, "multidimensional arrays are not supported");
            }
            StringBuilder element = new StringBuilder();
            boolean quoted = false;
            boolean sawQuote = false;
            boolean sawEscape = false;
            int lastSignificant = 0;
            while (true) {
                if (i >= n) {
                    throw ConversionException.invalidText(type, text, "unexpected end of input");
                }
                c = text.charAt(i);
                if (quoted) {
                    if (c == '\\') {
                        if (i + 1 >= n) {
                            throw ConversionException.invalidText(type, text, "unexpected end after '\\'");
                        }
                        element.append(text.charAt(i + 1));
                        i += 2;
                    } else if (c == '"') {
                        quoted = false;
                        lastSignificant = element.length();
                        i++;
                    } else {
                        element.append(c);
                        i++;
                    }
                    continue;
                }
                if (c == delimiter || c == '}') {
                    break;
                }
                if (c == '"') {
                    if (element.length() > 0 && !sawQuote) {
                        throw ConversionException.invalidText(type, text, "unexpected '\"'");
                    }
                    quoted = true;
                    sawQuote = true;
                    i++;
                } else if (c == '\\') {
                    if (i + 1 >= n) {
                        throw ConversionException.invalidText(type, text, "unexpected end after '\\'");
                    }
                    element.append(text.charAt(i + 1));
                    lastSignificant = element.length();
                    sawEscape = true;
                    i += 2;
                } else if (c == '{') {
                    throw ConversionException.invalidText(type, text, "unexpected '{'");
                } else {
                    if (sawQuote && !isSpace(c)) {
                        throw ConversionException.invalidText(type, text, "junk after quoted element");
                    }
                    element.append(c);
                    if (!isSpace(c)) {
                        lastSignificant = element.length();
                    }
                    i++;
                }
            }
            // Trailing whitespace of unquoted elements is not part of the value.
            element.setLength(lastSignificant);
            String value = element.toString();
            if (!sawQuote && value.isEmpty()) {
                throw ConversionException.invalidText(type, text, "empty unquoted element");
            }
            if (!sawQuote && !sawEscape && value.equalsIgnoreCase("NULL")) {
                out.add(null);
            } else {
                out.add(value);
            }
            c = text.charAt(i);
            i++;
            if (c == '}') {
                break;
            }
        }
        if (skipSpace(text, i) != n) {
            throw ConversionException.invalidText(type, text, "junk after closing '}'");
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Formats element texts as a one-dimensional PostgreSQL array the way the server prints it: elements are
     * quoted when empty, equal to {@code NULL} in any case, or containing braces, commas, quotes, backslashes or
     * whitespace, with {@code "} and {@code \} escaped by a backslash; {@code null} elements print as {@code NULL}.
     *
     * <p>Example: {@code formatArray(Arrays.asList("a b", null, "x"))} returns {@code {"a b",NULL,x}}.
     *
     * @param elements the element texts, possibly containing {@code null}
     * @return the array text
     */
    public static String formatArray(List<String> elements) {
        return formatArray(elements, ',');
    }

    /**
     * Formats element texts as an array whose elements are separated by {@code delimiter} ({@code ;} for
     * {@code box[]}). See {@link #formatArray(List)}.
     *
     * @param elements  the element texts, possibly containing {@code null}
     * @param delimiter the element delimiter
     * @return the array text
     */
    public static String formatArray(List<String> elements, char delimiter) {
        StringBuilder out = new StringBuilder("{");
        for (int k = 0; k < elements.size(); k++) {
            if (k > 0) {
                out.append(delimiter);
            }
            String e = elements.get(k);
            if (e == null) {
                out.append("NULL");
                continue;
            }
            boolean quote = e.isEmpty() || e.equalsIgnoreCase("NULL");
            for (int j = 0; j < e.length() && !quote; j++) {
                char c = e.charAt(j);
                quote = c == '{' || c == '}' || c == ',' || c == delimiter || c == '"' || c == '\\' || isSpace(c);
            }
            if (!quote) {
                out.append(e);
                continue;
            }
            out.append('"');
            for (int j = 0; j < e.length(); j++) {
                char c = e.charAt(j);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    // ---------------------------------------------------------------------------------------------- composites

    /**
     * Parses the text form of a composite (row) value into its field texts. An empty unquoted field is
     * {@code null}; {@code ""} is the empty string. Inside quotes {@code ""} is a quote; {@code \} escapes the next
     * character anywhere. Unquoted whitespace is part of the field, as in the server.
     *
     * <p>Example: {@code parseComposite("(1,\"a b\",,\"\")")} returns {@code ["1", "a b", null, ""]}.
     *
     * @param text the row text
     * @return the fields, unmodifiable, possibly containing {@code null}
     * @throws ConversionException if the text is not a row literal
     */
    public static List<String> parseComposite(String text) {
        final String type = "record";
        if (text == null) {
            throw ConversionException.invalidText(type, null, "null text");
        }
        int n = text.length();
        int i = skipSpace(text, 0);
        if (i >= n || text.charAt(i) != '(') {
            throw ConversionException.invalidText(type, text, "missing left parenthesis");
        }
        i++;
        List<String> out = new ArrayList<>();
        while (true) {
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            while (true) {
                if (i >= n) {
                    throw ConversionException.invalidText(type, text, "unexpected end of input");
                }
                char c = text.charAt(i);
                if (!quoted && (c == ',' || c == ')')) {
                    break;
                }
                any = true;
                if (c == '\\') {
                    if (i + 1 >= n) {
                        throw ConversionException.invalidText(type, text, "unexpected end after '\\'");
                    }
                    field.append(text.charAt(i + 1));
                    i += 2;
                } else if (c == '"') {
                    if (!quoted) {
                        quoted = true;
                    } else if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                    i++;
                } else {
                    field.append(c);
                    i++;
                }
            }
            out.add(any ? field.toString() : null);
            char c = text.charAt(i);
            i++;
            if (c == ')') {
                break;
            }
        }
        if (skipSpace(text, i) != n) {
            throw ConversionException.invalidText(type, text, "junk after right parenthesis");
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Formats field texts as a composite (row) value the way the server prints it: {@code null} fields are empty,
     * fields are quoted when empty or containing quotes, backslashes, parentheses, commas or whitespace, and inside
     * quotes {@code "} and {@code \} are doubled.
     *
     * <p>Example: {@code formatComposite(Arrays.asList("1", "a b", null, ""))} returns {@code (1,"a b",,"")}.
     *
     * @param fields the field texts, possibly containing {@code null}
     * @return the row text
     */
    public static String formatComposite(List<String> fields) {
        StringBuilder out = new StringBuilder("(");
        for (int k = 0; k < fields.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            String f = fields.get(k);
            if (f == null) {
                continue;
            }
            boolean quote = f.isEmpty();
            for (int j = 0; j < f.length() && !quote; j++) {
                char c = f.charAt(j);
                quote = c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || isSpace(c);
            }
            if (!quote) {
                out.append(f);
                continue;
            }
            out.append('"');
            for (int j = 0; j < f.length(); j++) {
                char c = f.charAt(j);
                if (c == '"' || c == '\\') {
                    out.append(c);
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append(')').toString();
    }

    /**
     * Skips space from a position.
     *
     * @param s the text
     * @param i the position
     * @return the first position at or after {@code i} that is not space
     */
    public static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Checks that text to parse is there.
     *
     * @param text     the text
     * @param typeName the type named in the error
     * @return the text
     * @throws ConversionException if it is null
     */
    public static String requireText(String text, String typeName) {
        if (text == null) {
            throw ConversionException.invalidText(typeName, null, "null text");
        }
        return text;
    }
}
