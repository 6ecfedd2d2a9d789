package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

/**
 * A PostgreSQL {@code circle}: a center point and a radius that is not negative.
 *
 * <p>Text form: {@code <(x,y),r>}, e.g. {@code <(1,2),3>}; input also accepts {@code ((x,y),r)}, {@code (x,y),r}
 * and {@code x,y,r}.
 *
 * <p>Example: {@code Circle.parse("<(1,2),3>").radius() == 3}.
 *
 * @param center the center
 * @param radius the radius, {@code >= 0}
 */
public record Circle(Point center, double radius) {

    /**
     * Validates the circle.
     *
     * @param center the center, not {@code null}
     * @param radius the radius, not negative
     */
    public Circle {
        if (center == null) {
            throw new ConversionException("invalid circle value: center must not be null");
        }
        if (radius < 0) {
            throw ConversionException.invalidText("circle", "<" + center + "," + PgText.formatDouble(radius) + ">",
                    "radius cannot be less than zero");
        }
    }

    /**
     * Creates a circle.
     *
     * @param center the center
     * @param radius the radius, not negative
     * @return the circle
     */
    public static Circle of(Point center, double radius) {
        return new Circle(center, radius);
    }

    /**
     * Parses the server's text form, e.g. {@code <(1,2),3>}.
     *
     * @param text the text
     * @return the circle
     * @throws ConversionException if the text is not a circle
     */
    public static Circle parse(String text) {
        GeoParser p = new GeoParser("circle", text);
        char close = 0;
        if (p.accept('<')) {
            close = '>';
        } else if (p.peek('(')) {
            int save = p.pos;
            p.pos++;
            if (p.peek('(')) {
                close = ')';
            } else {
                p.pos = save;
            }
        }
        Point center = p.point();
        p.expect(',');
        double radius = p.number();
        if (close != 0) {
            p.expect(close);
        }
        p.expectEnd();
        if (radius < 0) {
            throw ConversionException.invalidText("circle", text, "radius cannot be less than zero");
        }
        return new Circle(center, radius);
    }

    /**
     * Returns the server's text form, e.g. {@code <(1,2),3>}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return "<" + center + "," + PgText.formatDouble(radius) + ">";
    }
}
