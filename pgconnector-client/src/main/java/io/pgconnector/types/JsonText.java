package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict RFC 8259 JSON reader that validates text and, on request, writes a canonical form: no insignificant
 * whitespace, object keys sorted with the last duplicate winning (as {@code jsonb} keeps it), numbers as
 * {@link BigDecimal} without trailing zeros and strings with minimal escaping.
 */
final class JsonText {
    /** Nesting deeper than this is rejected rather than risking a stack overflow. */
    private static final int MAX_DEPTH = 1000;

    private final String type;
    private final String input;
    private int pos;
    private final boolean canonical;

    private JsonText(String type, String input, boolean canonical) {
        this.type = type;
        this.input = input;
        this.canonical = canonical;
    }

    static void validate(String type, String text) {
        new JsonText(type, text, false).document();
    }

    static String canonical(String type, String text) {
        return new JsonText(type, text, true).document();
    }

    private ConversionException error(String reason) {
        return ConversionException.invalidText(type, input, reason + " at position " + pos);
    }

    private String document() {
        PgText.requireText(input, type);
        StringBuilder out = canonical ? new StringBuilder(input.length()) : null;
        ws();
        try {
            value(out, 0);
        } catch (StackOverflowError e) {
            // MAX_DEPTH fits the default stack on Java 17, but frame sizes differ between JVMs (seen on Java 25's
            // interpreter): deep input stays a conversion error, never an Error.
            throw error("nesting too deep for this thread's stack");
        }
        ws();
        if (pos != input.length()) {
            throw error("unexpected text after the JSON value");
        }
        return out == null ? null : out.toString();
    }

    private void ws() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void value(StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        if (pos >= input.length()) {
            throw error("unexpected end of input");
        }
        char c = input.charAt(pos);
        switch (c) {
            case '{':
                object(out, depth);
                break;
            case '[':
                array(out, depth);
                break;
            case '"': {
                String s = string();
                if (out != null) {
                    appendString(out, s);
                }
                break;
            }
            case 't':
                literal("true", out);
                break;
            case 'f':
                literal("false", out);
                break;
            case 'n':
                literal("null", out);
                break;
            default:
                number(out);
        }
    }

    private void literal(String word, StringBuilder out) {
        if (!input.startsWith(word, pos)) {
            throw error("invalid token");
        }
        pos += word.length();
        if (out != null) {
            out.append(word);
        }
    }

    private void object(StringBuilder out, int depth) {
        pos++;
        ws();
        Map<String, String> members = out != null ? new TreeMap<>() : null;
        if (pos < input.length() && input.charAt(pos) == '}') {
            pos++;
        } else {
            while (true) {
                ws();
                if (pos >= input.length() || input.charAt(pos) != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                ws();
                if (pos >= input.length() || input.charAt(pos) != ':') {
                    throw error("expected ':'");
                }
                pos++;
                ws();
                StringBuilder member = out != null ? new StringBuilder() : null;
                value(member, depth + 1);
                if (members != null) {
                    members.put(key, member.toString());
                }
                ws();
                if (pos < input.length() && input.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < input.length() && input.charAt(pos) == '}') {
                    pos++;
                    break;
                }
                throw error("expected ',' or '}'");
            }
        }
        if (out != null) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : members.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendString(out, e.getKey());
                out.append(':').append(e.getValue());
            }
            out.append('}');
        }
    }

    private void array(StringBuilder out, int depth) {
        pos++;
        ws();
        List<String> items = out != null ? new ArrayList<>() : null;
        if (pos < input.length() && input.charAt(pos) == ']') {
            pos++;
        } else {
            while (true) {
                ws();
                StringBuilder item = out != null ? new StringBuilder() : null;
                value(item, depth + 1);
                if (items != null) {
                    items.add(item.toString());
                }
                ws();
                if (pos < input.length() && input.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < input.length() && input.charAt(pos) == ']') {
                    pos++;
                    break;
                }
                throw error("expected ',' or ']'");
            }
        }
        if (out != null) {
            out.append('[').append(String.join(",", items)).append(']');
        }
    }

    /** Reads a string; returns its value when writing the canonical form, else only checks it and returns null. */
    private String string() {
        pos++;
        StringBuilder s = canonical ? new StringBuilder() : null;
        while (true) {
            if (pos >= input.length()) {
                throw error("unterminated string");
            }
            char c = input.charAt(pos++);
            if (c == '"') {
                return s == null ? null : s.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                if (s != null) {
                    s.append(c);
                }
                continue;
            }
            if (s == null) {
                s = new StringBuilder(); // validating: decode the escape into a scratch builder that is dropped
            }
            if (pos >= input.length()) {
                throw error("unterminated escape");
            }
            char e = input.charAt(pos++);
            switch (e) {
                case '"': s.append('"'); break;
                case '\\': s.append('\\'); break;
                case '/': s.append('/'); break;
                case 'b': s.append('\b'); break;
                case 'f': s.append('\f'); break;
                case 'n': s.append('\n'); break;
                case 'r': s.append('\r'); break;
                case 't': s.append('\t'); break;
                case 'u': {
                    if (pos + 4 > input.length()) {
                        throw error("short \\u escape");
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(input.charAt(pos + k), 16);
                        if (d < 0 || input.charAt(pos + k) > 127) {
                            throw error("bad \\u escape");
                        }
                        v = v * 16 + d;
                    }
                    pos += 4;
                    s.append((char) v);
                    break;
                }
                default:
                    throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private void number(StringBuilder out) {
        int start = pos;
        if (pos < input.length() && input.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= input.length() || !PgText.isAsciiDigit(input.charAt(pos))) {
            throw error("invalid token");
        }
        if (input.charAt(pos) == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw error("digits expected after '.'");
            }
        }
        if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
            pos++;
            if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("digits expected in exponent");
            }
        }
        if (out != null) {
            String token = input.substring(start, pos);
            try {
                out.append(new BigDecimal(token).stripTrailingZeros().toString());
            } catch (NumberFormatException | ArithmeticException e) {
                // Exponents beyond BigDecimal's range still compare by their text.
                out.append(token);
            }
        }
    }

    private int digits() {
        int start = pos;
        while (pos < input.length() && PgText.isAsciiDigit(input.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
