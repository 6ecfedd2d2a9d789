package io.pgconnector.client.internal;

import io.pgconnector.client.CallParameter;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.OutParameter;
import io.pgconnector.client.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the text of a call into the statement sent to the server. Native statements ({@code CALL p(?)},
 * {@code SELECT * FROM f(?)}) are sent as written. The JDBC escapes are rewritten here rather than by pgjdbc, whose
 * {@code escapeSyntaxCallMode} can only pick one of {@code CALL} and {@code SELECT} for every {@code {call}}:
 * <ul>
 *   <li>{@code {? = call f(args)}} becomes {@code SELECT f(args) AS result};</li>
 *   <li>{@code {call name(args)}} becomes {@code CALL name(args)} when {@code name} is a procedure and
 *   {@code SELECT * FROM name(args)} when it is a function (looked up in {@code pg_proc} on the search path).</li>
 * </ul>
 * In the {@code SELECT} forms, arguments that are a lone placeholder holding an {@link OutParameter} are removed,
 * because PostgreSQL functions take no OUT arguments in a call (procedures do, as {@code NULL}).
 */
final class CallStatements {
    private static final String KIND_LOOKUP = "SELECT p.prokind::text, p.pronargs FROM pg_catalog.pg_proc p "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = ?::text AND "
            + "(CASE WHEN ?::text IS NULL THEN n.nspname = ANY (pg_catalog.current_schemas(true)) "
            + "ELSE n.nspname = ?::text END)";

    /**
     * The statement to send.
     *
     * @param text    the SQL text with {@code ?} placeholders
     * @param values  one value per placeholder
     * @param markers the OUT and INOUT parameters, in the order their values come back
     */
    record Prepared(String text, List<Object> values, List<CallParameter<?>> markers) {
    }

    /** A parsed {@code {[? =] call name[(args)]}} escape; offsets index the original text. */
    private record Escape(boolean hasReturn, String name, int argsStart, int argsEnd) {
    }

    private CallStatements() {
    }

    static Prepared prepare(Connection c, Sql sql) throws SQLException {
        String text = sql.text();
        List<Object> values = sql.values();
        Escape e = parseEscape(text);
        if (e == null) {
            return new Prepared(text, values, markersOf(values));
        }
        int[] positions = SqlScanner.placeholderPositions(text);
        if (e.hasReturn) {
            if (values.isEmpty() || !(values.get(0) instanceof OutParameter)) {
                throw new InvalidStatementException("The first value of '{? = call ...}' receives the function's "
                        + "result and must be an OutParameter, for example OutParameter.of(Integer.class)", "07001");
            }
        }
        String args = e.argsStart < 0 ? "" : text.substring(e.argsStart, e.argsEnd);
        if (!e.hasReturn && isProcedure(c, e.name, countArguments(text, e))) {
            return new Prepared("CALL " + e.name + "(" + args + ")", values, markersOf(values));
        }
        // A function: drop OUT placeholders from the argument list.
        StringBuilder kept = new StringBuilder();
        List<Object> keptValues = new ArrayList<>();
        if (e.argsStart >= 0) {
            for (int[] seg : segments(text, e.argsStart, e.argsEnd)) {
                List<Integer> inside = new ArrayList<>();
                for (int k = 0; k < positions.length; k++) {
                    if (positions[k] >= seg[0] && positions[k] < seg[1]) {
                        inside.add(k);
                    }
                }
                if (inside.size() == 1 && values.get(inside.get(0)) instanceof OutParameter) {
                    continue;
                }
                if (kept.length() > 0) {
                    kept.append(", ");
                }
                kept.append(text.substring(seg[0], seg[1]).trim());
                for (int k : inside) {
                    keptValues.add(values.get(k));
                }
            }
        }
        String argList = kept.toString().trim();
        String rewritten = e.hasReturn ? "SELECT " + e.name + "(" + argList + ") AS result"
                : "SELECT * FROM " + e.name + "(" + argList + ")";
        return new Prepared(rewritten, keptValues, markersOf(values));
    }

    private static List<CallParameter<?>> markersOf(List<Object> values) {
        List<CallParameter<?>> markers = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof CallParameter) {
                markers.add((CallParameter<?>) v);
            }
        }
        return markers;
    }

    /**
     * Parses {@code {[? =] call name[(args)]}}, with optional whitespace and a trailing semicolon; returns null when
     * the text is not a call escape.
     */
    private static Escape parseEscape(String text) {
        int n = text.length();
        int i = skipSpace(text, 0);
        if (i >= n || text.charAt(i) != '{') {
            return null;
        }
        i = skipSpace(text, i + 1);
        boolean hasReturn = false;
        if (i < n && text.charAt(i) == '?') {
            i = skipSpace(text, i + 1);
            if (i >= n || text.charAt(i) != '=') {
                throw syntax(text, "expected '=' after '{?'");
            }
            hasReturn = true;
            i = skipSpace(text, i + 1);
        }
        if (!text.regionMatches(true, i, "call", 0, 4) || i + 4 >= n || Character.isJavaIdentifierPart(
                text.charAt(i + 4))) {
            throw syntax(text, "expected 'call'");
        }
        i = skipSpace(text, i + 4);
        int nameStart = i;
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == '"') {
                int close = text.indexOf('"', i + 1);
                while (close >= 0 && close + 1 < n && text.charAt(close + 1) == '"') {
                    close = text.indexOf('"', close + 2);
                }
                if (close < 0) {
                    throw syntax(text, "unterminated quoted identifier");
                }
                i = close + 1;
            } else if (Character.isJavaIdentifierPart(ch) || ch == '.') {
                i++;
            } else {
                break;
            }
        }
        String name = text.substring(nameStart, i);
        if (name.isEmpty()) {
            throw syntax(text, "expected the name of a procedure or function");
        }
        i = skipSpace(text, i);
        int argsStart = -1;
        int argsEnd = -1;
        if (i < n && text.charAt(i) == '(') {
            argsStart = i + 1;
            argsEnd = matchingParen(text, i);
            if (argsEnd < 0) {
                throw syntax(text, "unbalanced parentheses");
            }
            i = skipSpace(text, argsEnd + 1);
        }
        if (i >= n || text.charAt(i) != '}') {
            throw syntax(text, "expected '}'");
        }
        i = skipSpace(text, i + 1);
        if (i < n && text.charAt(i) == ';') {
            i = skipSpace(text, i + 1);
        }
        if (i < n) {
            throw syntax(text, "unexpected text after '}'");
        }
        return new Escape(hasReturn, name, argsStart, argsEnd);
    }

    private static int countArguments(String text, Escape e) {
        if (e.argsStart < 0 || text.substring(e.argsStart, e.argsEnd).isBlank()) {
            return 0;
        }
        return segments(text, e.argsStart, e.argsEnd).size();
    }

    /** Splits an argument list at its top-level commas; returns [start, end) offsets. */
    private static List<int[]> segments(String text, int start, int end) {
        List<int[]> out = new ArrayList<>();
        int depth = 0;
        int segStart = start;
        for (int i = start; i < end; i++) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                i = skipQuoted(text, i, ch) - 1;
            } else if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(new int[] {segStart, i});
                segStart = i + 1;
            }
        }
        out.add(new int[] {segStart, end});
        return out;
    }

    private static int matchingParen(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                i = skipQuoted(text, i, ch) - 1;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the offset just after the quoted token starting at {@code start}. */
    private static int skipQuoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static InvalidStatementException syntax(String text, String what) {
        return new InvalidStatementException("Not a valid call escape (" + what + "); write '{call name(?, ...)}', "
                + "'{? = call name(?, ...)}' or a plain CALL/SELECT: " + Operations.abbreviate(text), "42601");
    }

    /**
     * Tells whether {@code name} (as written: possibly schema-qualified and quoted) names a procedure. When a
     * procedure and a function share the name, the procedure wins if one takes {@code args} arguments. An unknown
     * name counts as a procedure, so that the server's "procedure ... does not exist" reaches the caller.
     */
    private static boolean isProcedure(Connection c, String name, int args) throws SQLException {
        List<String> parts = identifierParts(name);
        String routine = parts.get(parts.size() - 1);
        String schema = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        Set<String> kinds = new HashSet<>();
        boolean procedureFits = false;
        try (PreparedStatement ps = c.prepareStatement(KIND_LOOKUP)) {
            ps.setString(1, routine);
            ps.setString(2, schema);
            ps.setString(3, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    kinds.add(kind);
                    procedureFits |= "p".equals(kind) && rs.getInt(2) == args;
                }
            }
        }
        if (kinds.isEmpty() || !kinds.contains("p")) {
            return kinds.isEmpty();
        }
        return kinds.size() == 1 || procedureFits;
    }

    /** Splits a possibly qualified name into its identifiers: unquoted parts folded to lower case. */
    static List<String> identifierParts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char ch = name.charAt(i);
            if (ch == '"') {
                int j = i + 1;
                while (j < name.length()) {
                    if (name.charAt(j) == '"') {
                        if (j + 1 < name.length() && name.charAt(j + 1) == '"') {
                            cur.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    cur.append(name.charAt(j++));
                }
                i = j + 1;
            } else if (ch == '.') {
                parts.add(cur.toString());
                cur.setLength(0);
                i++;
            } else {
                cur.append(Character.toLowerCase(ch));
                i++;
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}
