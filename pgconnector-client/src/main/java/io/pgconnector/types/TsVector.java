package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PostgreSQL {@code tsvector}: a sorted set of distinct lexemes, each with optional positions (1..16383) and
 * weights ({@code A} to {@code D}, {@code D} being the default and not printed).
 *
 * <p>Normalised as the server does: lexemes sorted by their UTF-8 bytes and merged when repeated, positions sorted
 * and deduplicated keeping the highest weight, positions above 16383 clamped to 16383.
 *
 * <p>Text form: {@code 'a':1A,2 'cat':3}; every lexeme is quoted, with {@code '} and {@code \} doubled. Input also
 * accepts unquoted lexemes ({@code a:1A cat}) and {@code \}-escapes.
 *
 * <p>Example: {@code TsVector.parse("cat:3 a:2,1A").toString()} is {@code 'a':1A,2 'cat':3}.
 */
public final class TsVector {
    private static final String TYPE = "tsvector";
    private static final int MAX_POSITION = 16383;

    /** A position weight; {@code D} is the default. */
    public enum Weight {
        /** The highest weight. */
        A,
        /** The second weight. */
        B,
        /** The third weight. */
        C,
        /** The default, lowest weight. */
        D
    }

    /**
     * A position of a lexeme in the document, with its weight.
     *
     * @param position the position, 1..16383
     * @param weight   the weight, not {@code null}
     */
    public record Position(int position, Weight weight) {
        /**
         * Validates the position.
         *
         * @param position the position, 1..16383
         * @param weight   the weight, not {@code null}
         */
        public Position {
            if (position < 1 || position > MAX_POSITION || weight == null) {
                throw ConversionException.invalidText(TYPE, position + "" + weight,
                        "position must be 1.." + MAX_POSITION + " with a weight");
            }
        }

        /**
         * Returns the text form, e.g. {@code 1A} or {@code 2} (weight {@code D}).
         *
         * @return the text form
         */
        @Override
        public String toString() {
            return weight == Weight.D ? Integer.toString(position) : position + weight.name();
        }
    }

    /**
     * A lexeme with its positions (possibly none), sorted and distinct.
     *
     * @param text      the lexeme, not empty
     * @param positions the positions, unmodifiable
     */
    public record Lexeme(String text, List<Position> positions) {
        /**
         * Validates the lexeme and normalises its positions.
         *
         * @param text      the lexeme, not empty
         * @param positions the positions, not {@code null}
         */
        public Lexeme {
            if (text == null || text.isEmpty()) {
                throw ConversionException.invalidText(TYPE, text, "lexeme must not be empty");
            }
            if (positions == null) {
                throw ConversionException.invalidText(TYPE, text, "positions must not be null");
            }
            positions = normalize(positions);
        }

        /**
         * Creates a lexeme.
         *
         * @param text      the lexeme
         * @param positions its positions
         * @return the lexeme
         */
        public static Lexeme of(String text, Position... positions) {
            return new Lexeme(text, List.of(positions));
        }

        private static List<Position> normalize(List<Position> positions) {
            TreeMap<Integer, Weight> byPosition = new TreeMap<>();
            for (Position p : positions) {
                if (p == null) {
                    throw ConversionException.invalidText(TYPE, null, "positions must not be null");
                }
                // Weights are ordered A (highest) to D; the server keeps the highest for a repeated position.
                byPosition.merge(p.position(), p.weight(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
            }
            List<Position> out = new ArrayList<>(byPosition.size());
            byPosition.forEach((pos, w) -> out.add(new Position(pos, w)));
            return List.copyOf(out);
        }

        /**
         * Returns the text form, e.g. {@code 'cat':3A}.
         *
         * @return the text form
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("'");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\'' || c == '\\') {
                    out.append(c);
                }
                out.append(c);
            }
            out.append('\'');
            for (int i = 0; i < positions.size(); i++) {
                out.append(i == 0 ? ':' : ',').append(positions.get(i));
            }
            return out.toString();
        }
    }

    private static final Comparator<String> BYTE_ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    };

    private final List<Lexeme> lexemes;

    private TsVector(List<Lexeme> lexemes) {
        this.lexemes = lexemes;
    }

    /**
     * Creates a vector from lexemes, merging repeated lexemes and sorting as the server does.
     *
     * @param lexemes the lexemes
     * @return the vector
     */
    public static TsVector of(Collection<Lexeme> lexemes) {
        Map<String, List<Position>> merged = new TreeMap<>(BYTE_ORDER);
        for (Lexeme l : lexemes) {
            if (l == null) {
                throw ConversionException.invalidText(TYPE, null, "lexemes must not be null");
            }
            merged.computeIfAbsent(l.text(), k -> new ArrayList<>()).addAll(l.positions());
        }
        List<Lexeme> out = new ArrayList<>(merged.size());
        merged.forEach((text, positions) -> out.add(new Lexeme(text, positions)));
        return new TsVector(List.copyOf(out));
    }

    /**
     * Creates a vector from lexemes.
     *
     * @param lexemes the lexemes
     * @return the vector
     */
    public static TsVector of(Lexeme... lexemes) {
        return of(List.of(lexemes));
    }

    /**
     * Returns the lexemes in the server's order.
     *
     * @return the lexemes, unmodifiable
     */
    public List<Lexeme> lexemes() {
        return lexemes;
    }

    /**
     * Parses the server's text form, e.g. {@code 'a':1A,2 'cat':3}.
     *
     * @param text the text
     * @return the vector
     * @throws ConversionException if the text is not a tsvector
     */
    public static TsVector parse(String text) {
        String s = PgText.requireText(text, TYPE);
        List<Lexeme> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            i = PgText.skipSpace(s, i);
            if (i >= n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            if (s.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw ConversionException.invalidText(TYPE, text, "unterminated quoted lexeme");
                    }
                    char c = s.charAt(i);
                    if (c == '\\') {
                        i = appendEscaped(s, i, word, text);
                    } else if (c == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            word.append('\'');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        word.append(c);
                        i++;
                    }
                }
            } else {
                while (i < n && !PgText.isSpace(s.charAt(i)) && s.charAt(i) != ':') {
                    char c = s.charAt(i);
                    if (c == '\\') {
                        i = appendEscaped(s, i, word, text);
                    } else if (c == '\'') {
                        throw ConversionException.invalidText(TYPE, text, "unexpected quote");
                    } else {
                        word.append(c);
                        i++;
                    }
                }
            }
            if (word.length() == 0) {
                throw ConversionException.invalidText(TYPE, text, "empty lexeme");
            }
            List<Position> positions = new ArrayList<>();
            if (i < n && s.charAt(i) == ':') {
                i++;
                while (true) {
                    int start = i;
                    while (i < n && PgText.isAsciiDigit(s.charAt(i)) && i - start < 10) {
                        i++;
                    }
                    if (i == start) {
                        throw ConversionException.invalidText(TYPE, text, "position expected");
                    }
                    long p = Long.parseLong(s.substring(start, i));
                    if (p < 1) {
                        throw ConversionException.invalidText(TYPE, text, "wrong position info");
                    }
                    Weight w = Weight.D;
                    if (i < n) {
                        char c = Character.toUpperCase(s.charAt(i));
                        if (c >= 'A' && c <= 'D') {
                            w = Weight.values()[c - 'A'];
                            i++;
                        } else if (c == '*') {
                            throw ConversionException.invalidText(TYPE, text, "unexpected '*'");
                        }
                    }
                    positions.add(new Position((int) Math.min(p, MAX_POSITION), w));
                    if (i < n && s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    break;
                }
                if (i < n && !PgText.isSpace(s.charAt(i))) {
                    throw ConversionException.invalidText(TYPE, text, "unexpected character after positions");
                }
            } else if (i < n && !PgText.isSpace(s.charAt(i))) {
                throw ConversionException.invalidText(TYPE, text, "unexpected character after lexeme");
            }
            out.add(new Lexeme(word.toString(), positions));
        }
        return of(out);
    }

    /**
     * Returns the server's text form, e.g. {@code 'a':1A,2 'cat':3}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Lexeme l : lexemes) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(l);
        }
        return out.toString();
    }

    /**
     * Equal when the normalised lexemes are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TsVector && ((TsVector) o).lexemes.equals(lexemes);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return lexemes.hashCode();
    }

    /** Appends the character a backslash at {@code i} escapes; returns the index after it. */
    private static int appendEscaped(String s, int i, StringBuilder word, String text) {
        if (i + 1 >= s.length()) {
            throw ConversionException.invalidText(TYPE, text, "unterminated escape");
        }
        word.append(s.charAt(i + 1));
        return i + 2;
    }
}
