package io.pgconnector.client.internal;

import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.Sql;
import io.pgconnector.mapping.internal.RecordValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns SQL with {@code :name} parameters into {@code ?} placeholders and values. The lexical rules are those of
 * {@code ?}: nothing inside quoted strings, quoted identifiers, comments or dollar quotes is a parameter, and
 * {@code ::type} casts are casts. Each text is parsed once and cached.
 */
public final class NamedParameters {
    private static final int LIMIT = 4096;
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    /**
     * A parsed text.
     *
     * @param text     the text with {@code ?} in place of each {@code :name}
     * @param order    the name of each placeholder, in order (a name used twice appears twice)
     * @param distinct the distinct names
     */
    private record Parsed(String text, String[] order, String[] distinct) {
    }

    private NamedParameters() {
    }

    /**
     * Binds named parameters from a map.
     *
     * @param text   the SQL text with {@code :name} parameters
     * @param values the value of each name
     * @return the statement
     * @throws InvalidStatementException if a name has no value, a value has no name, or the text also has {@code ?}
     */
    public static Sql bind(String text, Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        Parsed p = parse(text);
        for (String name : p.distinct()) {
            if (!values.containsKey(name)) {
                throw new InvalidStatementException("Named parameter :" + name + " has no value; the values have "
                        + values.keySet() + ": " + Operations.abbreviate(text), "07001");
            }
        }
        if (values.size() != p.distinct().length) {
            List<String> unused = new ArrayList<>(values.keySet());
            unused.removeAll(List.of(p.distinct()));
            throw new InvalidStatementException("Value(s) " + unused + " match no named parameter of the statement, "
                    + "which has " + List.of(p.distinct()) + ": " + Operations.abbreviate(text), "07001");
        }
        Object[] bound = new Object[p.order().length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = values.get(p.order()[i]);
        }
        return Sql.of(p.text(), bound);
    }

    /**
     * Binds named parameters from a record's components: {@code :total} takes the component {@code total}.
     *
     * @param text   the SQL text with {@code :name} parameters
     * @param record the record
     * @return the statement
     * @throws InvalidStatementException if a name is not a component, or the text also has {@code ?}
     */
    public static Sql bind(String text, Record record) {
        Objects.requireNonNull(record, "record");
        RecordValues components = RecordValues.of(record.getClass());
        // Unlike a map, a record is a whole value: components a statement does not use are fine.
        Parsed p = parse(text);
        Object[] bound = new Object[p.order().length];
        for (int i = 0; i < bound.length; i++) {
            String name = p.order()[i];
            int k = components.indexOf(name);
            if (k < 0) {
                throw new InvalidStatementException("Named parameter :" + name + " is not a component of "
                        + record.getClass().getName() + ", which has " + components.names() + ": "
                        + Operations.abbreviate(text), "07001");
            }
            bound[i] = components.get(record, k);
        }
        return Sql.of(p.text(), bound);
    }

    private static Parsed parse(String text) {
        Objects.requireNonNull(text, "text");
        Parsed p = PARSED.get(text);
        if (p == null) {
            p = scan(text);
            if (PARSED.size() >= LIMIT) {
                PARSED.clear();
            }
            PARSED.put(text, p);
        }
        return p;
    }

    private static Parsed scan(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> order = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            int skipped = SqlScanner.skipLiteral(sql, i);
            if (skipped > i) {
                out.append(sql, i, skipped);
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    out.append("??");
                    i += 2;
                    continue;
                }
                throw new InvalidStatementException("The statement mixes named parameters with ? placeholders; use "
                        + "one style (a jsonb ? operator is written ??): " + Operations.abbreviate(sql), "42601");
            }
            if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
                continue;
            }
            if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 2;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                order.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        String[] all = order.toArray(new String[0]);
        return new Parsed(out.toString(), all, order.stream().distinct().toArray(String[]::new));
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
