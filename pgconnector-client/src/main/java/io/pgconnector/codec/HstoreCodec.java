package io.pgconnector.codec;

import io.pgconnector.errors.ConversionException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codec of the {@code hstore} extension ({@code CREATE EXTENSION hstore}): a set of string keys with string
 * values (a value may be SQL NULL), as a {@code Map<String, String>}. Register it to send any {@code Map} as an
 * {@code hstore} parameter and to read {@code hstore} columns, OUT parameters, arrays and change event fields as
 * maps (unmodifiable, in the server's order, null values kept).
 *
 * <pre>{@code
 * PostgresClient client = PostgresClient.builder().database("shop").codec(new HstoreCodec()).build();
 * client.execute(Sql.of("INSERT INTO item(attrs) VALUES (?)", Map.of("colour", "red")));
 * }</pre>
 *
 * <p>Note that once it is registered a {@code Map} parameter is always sent as {@code hstore}.
 */
public final class HstoreCodec implements Codec<Map<String, String>> {

    /** Creates the codec. */
    public HstoreCodec() {
    }

    @Override
    public String typeName() {
        return "hstore";
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Map<String, String>> javaType() {
        return (Class) Map.class;
    }

    @Override
    public String format(Map<String, String> value) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<?, ?> e : value.entrySet()) {
            if (e.getKey() == null) {
                throw new ConversionException("An hstore key must not be null");
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            quote(sb, e.getKey().toString());
            sb.append("=>");
            if (e.getValue() == null) {
                sb.append("NULL");
            } else {
                quote(sb, e.getValue().toString());
            }
        }
        return sb.toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    @Override
    public Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        skipSpace(text, pos);
        while (pos[0] < text.length()) {
            String key = token(text, pos, false);
            skipSpace(text, pos);
            if (!text.startsWith("=>", pos[0])) {
                throw ConversionException.invalidText("hstore", text, "expected => at position " + pos[0]);
            }
            pos[0] += 2;
            skipSpace(text, pos);
            String value = token(text, pos, true);
            out.put(key, value);
            skipSpace(text, pos);
            if (pos[0] < text.length()) {
                if (text.charAt(pos[0]) != ',') {
                    throw ConversionException.invalidText("hstore", text, "expected , at position " + pos[0]);
                }
                pos[0]++;
                skipSpace(text, pos);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A quoted or bare token; a bare NULL is SQL NULL where a value may be null. */
    private static String token(String text, int[] pos, boolean nullable) {
        int i = pos[0];
        if (i >= text.length()) {
            throw ConversionException.invalidText("hstore", text, "unexpected end");
        }
        StringBuilder sb = new StringBuilder();
        if (text.charAt(i) == '"') {
            i++;
            while (true) {
                if (i >= text.length()) {
                    throw ConversionException.invalidText("hstore", text, "unterminated quoted string");
                }
                char c = text.charAt(i++);
                if (c == '\\' && i < text.length()) {
                    sb.append(text.charAt(i++));
                } else if (c == '"') {
                    break;
                } else {
                    sb.append(c);
                }
            }
            pos[0] = i;
            return sb.toString();
        }
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '=' && text.startsWith("=>", i)) {
                break;
            }
            if (c == '\\' && i + 1 < text.length()) {
                c = text.charAt(++i);
            }
            sb.append(c);
            i++;
        }
        pos[0] = i;
        String s = sb.toString();
        if (s.isEmpty()) {
            throw ConversionException.invalidText("hstore", text, "empty token at position " + i);
        }
        return nullable && s.equalsIgnoreCase("NULL") ? null : s;
    }

    private static void skipSpace(String text, int[] pos) {
        while (pos[0] < text.length() && Character.isWhitespace(text.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    /**
     * Converts a change event field: Debezium delivers {@code hstore} as a map (the CDC module sets
     * {@code hstore.handling.mode=map}), or as text.
     *
     * @param value the field value
     * @return the map
     */
    @Override
    public Map<String, String> fromChangeEvent(Object value) {
        if (value instanceof Map) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : e.getValue().toString());
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof String) {
            return parse((String) value);
        }
        throw new ConversionException("A change event delivered hstore as a " + value.getClass().getName());
    }

    @Override
    public String toString() {
        return "HstoreCodec";
    }
}
