package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;

/**
 * A PostgreSQL {@code point}: a location {@code (x,y)} in the plane.
 *
 * <p>Text form: {@code (x,y)} with numbers printed like {@code float8}, e.g. {@code (1,2)} or {@code (1.5,-2.25)};
 * input also accepts {@code x,y} and surrounding whitespace. Equality follows {@link Double#compare}, so
 * {@code NaN} equals itself and {@code -0} differs from {@code 0}.
 *
 * <p>Example: {@code Point.parse("(1.5,-2.25)").x() == 1.5}.
 *
 * @param x the x coordinate
 * @param y the y coordinate
 */
public record Point(double x, double y) {

    /**
     * Creates a point.
     *
     * @param x the x coordinate
     * @param y the y coordinate
     * @return the point {@code (x,y)}
     */
    public static Point of(double x, double y) {
        return new Point(x, y);
    }

    /**
     * Parses the server's text form, e.g. {@code (1,2)} or {@code 1,2}.
     *
     * @param text the text
     * @return the point
     * @throws io.pgconnector.errors.ConversionException if the text is not a point
     */
    public static Point parse(String text) {
        GeoParser p = new GeoParser("point", text);
        Point point = p.point();
        p.expectEnd();
        return point;
    }

    /**
     * Returns the server's text form, e.g. {@code (1.5,-2.25)}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return "(" + PgText.formatDouble(x) + "," + PgText.formatDouble(y) + ")";
    }
}
