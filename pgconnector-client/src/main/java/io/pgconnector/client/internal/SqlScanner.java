package io.pgconnector.client.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds {@code ?} placeholders in SQL text with the same lexical rules as pgjdbc: quoted strings, quoted identifiers,
 * comments and dollar-quoted strings are skipped, and {@code ??} is an escaped question mark (the jsonb operator).
 */
public final class SqlScanner {
    /** Texts longer than this are scanned each time: they are rarely constants, and would crowd the cache. */
    private static final int CACHED_LENGTH = 4096;
    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    /**
     * What scanning a SQL text finds, kept per text: applications run the same few constant texts again and again.
     *
     * @param placeholders the offsets of the {@code ?} placeholders, ascending; shared, never modify it
     * @param firstKeyword the first keyword, upper-cased, as {@link #firstKeyword(String)} returns it
     */
    public record Parsed(int[] placeholders, String firstKeyword) {
    }

    private SqlScanner() {
    }

    /**
     * Returns the scan of a text, from a bounded cache when the same text was scanned before.
     *
     * @param sql the SQL text
     * @return its placeholders and first keyword
     */
    public static Parsed parse(String sql) {
        Parsed p = PARSED.get(sql);
        if (p == null) {
            p = new Parsed(placeholderPositions(sql), firstKeyword(sql));
            if (sql.length() <= CACHED_LENGTH) {
                if (PARSED.size() >= CACHE_LIMIT) {
                    PARSED.clear();
                }
                PARSED.put(sql, p);
            }
        }
        return p;
    }

    /**
     * Returns the offsets of the placeholders in {@code sql}.
     *
     * @param sql the SQL text
     * @return the offsets, ascending
     */
    public static int[] placeholderPositions(String sql) {
        int[] found = new int[8];
        int count = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'':
                    i = skipQuoted(sql, i, '\'', i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                            && (i < 2 || !Character.isJavaIdentifierPart(sql.charAt(i - 2))));
                    break;
                case '"':
                    i = skipQuoted(sql, i, '"', false);
                    break;
                case '-':
                    if (i + 1 < n && sql.charAt(i + 1) == '-') {
                        int eol = sql.indexOf('\n', i);
                        i = eol < 0 ? n : eol + 1;
                    } else {
                        i++;
                    }
                    break;
                case '/':
                    i = (i + 1 < n && sql.charAt(i + 1) == '*') ? skipBlockComment(sql, i) : i + 1;
                    break;
                case '$':
                    i = skipDollarQuoted(sql, i);
                    break;
                case '?':
                    if (i + 1 < n && sql.charAt(i + 1) == '?') {
                        i += 2;
                    } else {
                        if (count == found.length) {
                            found = Arrays.copyOf(found, count * 2);
                        }
                        found[count++] = i;
                        i++;
                    }
                    break;
                default:
                    i++;
            }
        }
        return Arrays.copyOf(found, count);
    }

    /**
     * Skips a token in which nothing is a parameter: a quoted string or identifier, a comment, a dollar-quoted
     * string. The same rules as {@link #placeholderPositions(String)}, for scanners of other parameter syntaxes.
     *
     * @param sql the SQL text
     * @param i   an offset
     * @return the offset after the token starting at {@code i}, or {@code i} if none starts there
     */
    static int skipLiteral(String sql, int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        if (c == '\'') {
            return skipQuoted(sql, i, '\'', i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i < 2 || !Character.isJavaIdentifierPart(sql.charAt(i - 2))));
        } else if (c == '"') {
            return skipQuoted(sql, i, '"', false);
        } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
            int eol = sql.indexOf('\n', i);
            return eol < 0 ? n : eol + 1;
        } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            return skipBlockComment(sql, i);
        } else if (c == '$') {
            int end = skipDollarQuoted(sql, i);
            return end == i + 1 ? i : end;
        }
        return i;
    }

    /**
     * Returns the first keyword of a statement (skipping white space, comments and parentheses), upper-cased, or an
     * empty string.
     *
     * @param sql the SQL text
     * @return the keyword
     */
    public static String firstKeyword(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int skipBlockComment(String sql, int start) {
        int n = sql.length();
        int depth = 1;
        int i = start + 2;
        while (i < n && depth > 0) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
            } else {
                i++;
            }
        }
        return i;
    }

    private static int skipDollarQuoted(String sql, int start) {
        // A dollar quote is $tag$ where tag is empty or an identifier not starting with a digit; $1 is a parameter.
        if (start > 0 && Character.isJavaIdentifierPart(sql.charAt(start - 1))) {
            return start + 1;
        }
        int n = sql.length();
        int i = start + 1;
        if (i < n && Character.isDigit(sql.charAt(i))) {
            return start + 1;
        }
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i >= n || sql.charAt(i) != '$') {
            return start + 1;
        }
        String tag = sql.substring(start, i + 1);
        int end = sql.indexOf(tag, i + 1);
        return end < 0 ? n : end + tag.length();
    }
}
