package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.List;

/**
 * A PostgreSQL {@code path}: an open or closed sequence of at least one point.
 *
 * <p>Text form: closed {@code ((1,2),(3,4))}, open {@code [(1,2),(3,4)]}; input without enclosing delimiters, e.g.
 * {@code (1,2),(3,4)}, is closed, as in the server.
 *
 * <p>Example: {@code PgPath.parse("[(1,2),(3,4)]").closed()} is {@code false}.
 *
 * @param points the points, unmodifiable, at least one
 * @param closed whether the last point connects back to the first
 */
public record PgPath(List<Point> points, boolean closed) {

    /**
     * Validates and copies the points.
     *
     * @param points the points, at least one, no {@code null}
     * @param closed whether the path is closed
     */
    public PgPath {
        points = GeoLists.copy(points, "path");
    }

    /**
     * Creates an open path.
     *
     * @param points the points
     * @return the open path
     */
    public static PgPath open(Point... points) {
        return new PgPath(List.of(points), false);
    }

    /**
     * Creates a closed path.
     *
     * @param points the points
     * @return the closed path
     */
    public static PgPath closed(Point... points) {
        return new PgPath(List.of(points), true);
    }

    /**
     * Parses the server's text form, e.g. {@code [(1,2),(3,4)]} or {@code ((1,2),(3,4))}.
     *
     * @param text the text
     * @return the path
     * @throws ConversionException if the text is not a path
     */
    public static PgPath parse(String text) {
        GeoParser p = new GeoParser("path", text);
        List<Point> points = p.points(-1, true);
        p.expectEnd();
        return new PgPath(points, p.lastDelimiter != GeoParser.Delimiter.BRACKET);
    }

    /**
     * Returns the server's text form, e.g. {@code [(1,2),(3,4)]}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return GeoLists.format(points, closed ? '(' : '[', closed ? ')' : ']');
    }
}
