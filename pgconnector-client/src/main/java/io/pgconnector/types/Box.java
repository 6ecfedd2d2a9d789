package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.List;

/**
 * A PostgreSQL {@code box}: an axis-aligned rectangle given by two opposite corners.
 *
 * <p>As in the server, the corners are normalised so that {@link #upperRight()} holds the larger x and y and
 * {@link #lowerLeft()} the smaller ones, whichever two opposite corners were given.
 *
 * <p>Text form: {@code (x1,y1),(x2,y2)} with the upper-right corner first, e.g. {@code (3,4),(1,2)}; input also
 * accepts {@code ((x1,y1),(x2,y2))} and {@code x1,y1,x2,y2} with the corners in any order.
 *
 * <p>Example: {@code Box.of(Point.of(1, 4), Point.of(3, 2)).toString()} is {@code (3,4),(1,2)}.
 *
 * @param upperRight the corner with the larger coordinates
 * @param lowerLeft  the corner with the smaller coordinates
 */
public record Box(Point upperRight, Point lowerLeft) {

    /**
     * Normalises the corners.
     *
     * @param upperRight one corner, not {@code null}
     * @param lowerLeft  the opposite corner, not {@code null}
     */
    public Box {
        if (upperRight == null || lowerLeft == null) {
            throw new ConversionException("invalid box value: corners must not be null");
        }
        Point a = upperRight;
        Point b = lowerLeft;
        upperRight = new Point(Math.max(a.x(), b.x()), Math.max(a.y(), b.y()));
        lowerLeft = new Point(Math.min(a.x(), b.x()), Math.min(a.y(), b.y()));
    }

    /**
     * Creates a box from any two opposite corners.
     *
     * @param corner1  a corner
     * @param corner2  the opposite corner
     * @return the normalised box
     */
    public static Box of(Point corner1, Point corner2) {
        return new Box(corner1, corner2);
    }

    /**
     * Parses the server's text form, e.g. {@code (3,4),(1,2)}.
     *
     * @param text the text
     * @return the normalised box
     * @throws ConversionException if the text is not a box
     */
    public static Box parse(String text) {
        GeoParser p = new GeoParser("box", text);
        List<Point> points = p.points(2, false);
        p.expectEnd();
        return new Box(points.get(0), points.get(1));
    }

    /**
     * Returns the server's text form, e.g. {@code (3,4),(1,2)}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return upperRight + "," + lowerLeft;
    }
}
