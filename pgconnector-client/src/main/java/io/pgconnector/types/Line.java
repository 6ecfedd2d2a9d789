package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.util.List;

/**
 * A PostgreSQL {@code line}: the infinite line {@code a*x + b*y + c = 0}, where {@code a} and {@code b} are not both
 * zero.
 *
 * <p>Text form: {@code {a,b,c}}, e.g. {@code {1,-1,0}}; input also accepts two distinct points on the line in any
 * {@link LineSegment} form, e.g. {@code [(0,0),(1,1)]}, converted as the server does ({@link #through}).
 *
 * <p>Example: {@code Line.parse("{1,2,3}").b() == 2}.
 *
 * @param a the x coefficient
 * @param b the y coefficient
 * @param c the constant
 */
public record Line(double a, double b, double c) {

    /**
     * Validates the coefficients.
     *
     * @param a the x coefficient
     * @param b the y coefficient, not zero when {@code a} is zero
     * @param c the constant
     */
    public Line {
        if (a == 0 && b == 0) {
            throw ConversionException.invalidText("line", "{" + PgText.formatDouble(a) + "," + PgText.formatDouble(b)
                    + "," + PgText.formatDouble(c) + "}", "A and B cannot both be zero");
        }
    }

    /**
     * Creates a line from its coefficients.
     *
     * @param a the x coefficient
     * @param b the y coefficient
     * @param c the constant
     * @return the line {@code a*x + b*y + c = 0}
     */
    public static Line of(double a, double b, double c) {
        return new Line(a, b, c);
    }

    /**
     * Creates the line through two distinct points with the coefficients the server computes: vertical lines are
     * {@code {-1,0,x}}, horizontal ones {@code {0,-1,y}}, others {@code {m,-1,y1-m*x1}} with slope {@code m}.
     *
     * @param p1 a point
     * @param p2 another point
     * @return the line through both
     * @throws ConversionException if the points are equal
     */
    public static Line through(Point p1, Point p2) {
        if (p1.x() == p2.x() && p1.y() == p2.y()) {
            throw ConversionException.invalidText("line", "[" + p1 + "," + p2 + "]", "must be two distinct points");
        }
        // The server compares with a tolerance of 1e-6 (FPeq) when choosing the vertical/horizontal forms.
        if (Math.abs(p1.x() - p2.x()) <= 1e-6) {
            return new Line(-1, 0, p1.x());
        }
        if (Math.abs(p1.y() - p2.y()) <= 1e-6) {
            return new Line(0, -1, p1.y());
        }
        double m = (p1.y() - p2.y()) / (p1.x() - p2.x());
        double c = p1.y() - m * p1.x();
        return new Line(m, -1, c == 0 ? 0.0 : c);
    }

    /**
     * Parses the server's text form {@code {a,b,c}} or two points on the line.
     *
     * @param text the text
     * @return the line
     * @throws ConversionException if the text is not a line
     */
    public static Line parse(String text) {
        GeoParser p = new GeoParser("line", text);
        if (p.accept('{')) {
            double a = p.number();
            p.expect(',');
            double b = p.number();
            p.expect(',');
            double c = p.number();
            p.expect('}');
            p.expectEnd();
            if (a == 0 && b == 0) {
                throw ConversionException.invalidText("line", text, "A and B cannot both be zero");
            }
            return new Line(a, b, c);
        }
        List<Point> points = p.points(2, true);
        p.expectEnd();
        if (points.get(0).x() == points.get(1).x() && points.get(0).y() == points.get(1).y()) {
            throw ConversionException.invalidText("line", text, "must be two distinct points");
        }
        return through(points.get(0), points.get(1));
    }

    /**
     * Returns the server's text form, e.g. {@code {1,-1,0}}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return "{" + PgText.formatDouble(a) + "," + PgText.formatDouble(b) + "," + PgText.formatDouble(c) + "}";
    }
}
