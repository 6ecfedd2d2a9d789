package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over geometric text, following the server's {@code pair_decode}/{@code path_decode} so that the same
 * input variants are accepted (points with or without parentheses, lists with or without enclosing delimiters).
 */
final class GeoParser {
    final String typeName;
    final String input;
    int pos;

    GeoParser(String typeName, String input) {
        this.typeName = typeName;
        this.input = PgText.requireText(input, typeName);
    }

    ConversionException error(String reason) {
        return ConversionException.invalidText(typeName, input, reason);
    }

    void skipSpace() {
        pos = PgText.skipSpace(input, pos);
    }

    boolean peek(char c) {
        skipSpace();
        return pos < input.length() && input.charAt(pos) == c;
    }

    boolean accept(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "' at position " + pos);
        }
    }

    void expectEnd() {
        skipSpace();
        if (pos != input.length()) {
            throw error("junk after the value at position " + pos);
        }
    }

    double number() {
        skipSpace();
        int start = pos;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == ',' || c == ')' || c == ']' || c == '>' || c == '}' || c == '(' || PgText.isSpace(c)) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("expected a number at position " + start);
        }
        return PgText.parseDouble(input.substring(start, pos), typeName, input);
    }

    Point point() {
        boolean paren = accept('(');
        double x = number();
        expect(',');
        double y = number();
        if (paren) {
            expect(')');
        }
        return new Point(x, y);
    }

    /** How a list of points was delimited in the text. */
    enum Delimiter { NONE, PAREN, BRACKET }

    Delimiter lastDelimiter;

    /**
     * Reads {@code count} points (or, when {@code count < 0}, as many as there are) with an optional enclosing
     * {@code (...)} or, when {@code allowBracket}, {@code [...]}.
     */
    List<Point> points(int count, boolean allowBracket) {
        skipSpace();
        lastDelimiter = Delimiter.NONE;
        int depth = 0;
        if (peek('[')) {
            if (!allowBracket) {
                throw error("unexpected '['");
            }
            pos++;
            depth++;
            lastDelimiter = Delimiter.BRACKET;
        } else if (peek('(')) {
            int save = pos;
            pos++;
            skipSpace();
            if (pos < input.length() && input.charAt(pos) == '(') {
                depth++;
                lastDelimiter = Delimiter.PAREN;
            } else if (input.lastIndexOf('(') == save) {
                // "(1,2,3,4)": a single parenthesis around bare coordinates.
                depth++;
                lastDelimiter = Delimiter.PAREN;
            } else {
                pos = save;
            }
        }
        List<Point> points = new ArrayList<>();
        while (count < 0 || points.size() < count) {
            points.add(point());
            if (!accept(',')) {
                break;
            }
        }
        if (count >= 0 && points.size() != count) {
            throw error("expected " + count + " points");
        }
        if (depth > 0) {
            expect(lastDelimiter == Delimiter.BRACKET ? ']' : ')');
        }
        return points;
    }
}
