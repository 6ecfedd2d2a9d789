package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.List;

/**
 * A PostgreSQL {@code polygon}: a closed figure given by at least one vertex.
 *
 * <p>Text form: {@code ((1,2),(3,4),(5,6))}; input also accepts {@code (1,2),(3,4)} and {@code 1,2,3,4}.
 *
 * <p>Example: {@code Polygon.parse("((0,0),(1,0),(0,1))").points().size() == 3}.
 *
 * @param points the vertices, unmodifiable, at least one
 */
public record Polygon(List<Point> points) {

    /**
     * Validates and copies the vertices.
     *
     * @param points the vertices, at least one, no {@code null}
     */
    public Polygon {
        points = GeoLists.copy(points, "polygon");
    }

    /**
     * Creates a polygon.
     *
     * @param points the vertices
     * @return the polygon
     */
    public static Polygon of(Point... points) {
        return new Polygon(List.of(points));
    }

    /**
     * Parses the server's text form, e.g. {@code ((1,2),(3,4),(5,6))}.
     *
     * @param text the text
     * @return the polygon
     * @throws ConversionException if the text is not a polygon
     */
    public static Polygon parse(String text) {
        GeoParser p = new GeoParser("polygon", text);
        List<Point> points = p.points(-1, false);
        p.expectEnd();
        return new Polygon(points);
    }

    /**
     * Returns the server's text form, e.g. {@code ((1,2),(3,4),(5,6))}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return GeoLists.format(points, '(', ')');
    }
}
