package io.pgconnector.types;

import io.pgconnector.client.ConversionException;

import java.util.List;

/**
 * A PostgreSQL {@code path}: an open or closed sequence of at least one point.
 *
 * <p>Text form: closed {@code ((1,2),(3,4))}, open {@code [(1,2),(3,4)]}; input without enclosing delimiters, e.g.
 * {@code (1,2),(3,4)}, is closed, as in the server.
 *
 * <p>Example: {@code Path.parse("[(1,2),(3,4)]").closed()} is {@code false}.
 *
 * @param points the points, unmodifiable, at least one
 * @param closed whether the last point connects back to the first
 */
public record Path(List<Point> points, boolean closed) {

    /**
     * Validates and copies the points.
     *
     * @param points the points, at least one, no {@code null}
     * @param closed whether the path is closed
     */
    public Path {
        points = GeoLists.copy(points, "path");
    }

    /**
     * Creates an open path.
     *
     * @param points the points
     * @return the open path
     */
    public static Path open(Point... points) {
        return new Path(List.of(points), false);
    }

    /**
     * Creates a closed path.
     *
     * @param points the points
     * @return the closed path
     */
    public static Path closed(Point... points) {
        return new Path(List.of(points), true);
    }

    /**
     * Parses the server's text form, e.g. {@code [(1,2),(3,4)]} or {@code ((1,2),(3,4))}.
     *
     * @param text the text
     * @return the path
     * @throws ConversionException if the text is not a path
     */
    public static Path parse(String text) {
        GeoParser p = new GeoParser("path", text);
        List<Point> points = p.points(-1, true);
        p.expectEnd();
        return new Path(points, p.lastDelimiter != GeoParser.Delimiter.BRACKET);
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
