package io.pgconnector.notify.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.types.Json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a JSON object into its top-level members without Jackson and without losing digits: a number keeps its
 * exact decimal text ({@code 1042.50} stays {@code 1042.50}, as {@code row_to_json} wrote it from a {@code numeric}),
 * a nested object or array stays JSON. The text is validated by {@link Json} first, so this reader can be simple.
 */
final class JsonMembers {
    private final String s;
    private int pos;

    private JsonMembers(String s) {
        this.s = s;
    }

    /**
     * Reads the members.
     *
     * @param text JSON text
     * @return key to value: {@code String}, {@code BigDecimal}, {@code Boolean}, {@code null} or {@link Json}
     * @throws ConversionException if the text is not valid JSON or not an object
     */
    static Map<String, Object> of(String text) {
        Json.of(text);
        JsonMembers r = new JsonMembers(text);
        r.ws();
        if (r.s.charAt(r.pos) != '{') {
            throw new ConversionException("the payload is not a JSON object");
        }
        r.pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        r.ws();
        while (r.s.charAt(r.pos) != '}') {
            String key = r.string();
            r.ws();
            r.pos++; // ':'
            r.ws();
            members.put(key, r.value());
            r.ws();
            if (r.s.charAt(r.pos) == ',') {
                r.pos++;
                r.ws();
            }
        }
        return members;
    }

    private Object value() {
        char c = s.charAt(pos);
        switch (c) {
            case '"':
                return string();
            case '{':
            case '[':
                return Json.of(nested());
            case 't':
                pos += 4;
                return Boolean.TRUE;
            case 'f':
                pos += 5;
                return Boolean.FALSE;
            case 'n':
                pos += 4;
                return null;
            default: {
                int start = pos;
                while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                    pos++;
                }
                return new BigDecimal(s.substring(start, pos));
            }
        }
    }

    private String nested() {
        int start = pos;
        int depth = 0;
        do {
            char c = s.charAt(pos);
            if (c == '"') {
                string();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            pos++;
        } while (depth > 0);
        return s.substring(start, pos);
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    pos += 4;
                    break;
                default: out.append(e); // " \ /
            }
        }
    }

    private void ws() {
        while (pos < s.length() && " \t\n\r".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }
}
