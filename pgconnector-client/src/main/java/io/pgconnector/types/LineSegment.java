package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.List;

/**
 * A PostgreSQL {@code lseg}: the line segment between two points.
 *
 * <p>Text form: {@code [(x1,y1),(x2,y2)]}; input also accepts {@code ((x1,y1),(x2,y2))}, {@code (x1,y1),(x2,y2)}
 * and {@code x1,y1,x2,y2}.
 *
 * <p>Example: {@code LineSegment.parse("[(1,2),(3,4)]").end()} is {@code (3,4)}.
 *
 * @param start the first end point
 * @param end   the second end point
 */
public record LineSegment(Point start, Point end) {

    /**
     * Validates the end points.
     *
     * @param start the first end point, not {@code null}
     * @param end   the second end point, not {@code null}
     */
    public LineSegment {
        if (start == null || end == null) {
            throw new ConversionException("invalid lseg value: end points must not be null");
        }
    }

    /**
     * Creates a segment.
     *
     * @param start the first end point
     * @param end   the second end point
     * @return the segment
     */
    public static LineSegment of(Point start, Point end) {
        return new LineSegment(start, end);
    }

    /**
     * Parses the server's text form, e.g. {@code [(1,2),(3,4)]}.
     *
     * @param text the text
     * @return the segment
     * @throws ConversionException if the text is not a segment
     */
    public static LineSegment parse(String text) {
        GeoParser p = new GeoParser("lseg", text);
        List<Point> points = p.points(2, true);
        p.expectEnd();
        return new LineSegment(points.get(0), points.get(1));
    }

    /**
     * Returns the server's text form, e.g. {@code [(1,2),(3,4)]}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return "[" + start + "," + end + "]";
    }
}
