package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.List;

/** Shared list handling of {@link PgPath} and {@link Polygon}. */
final class GeoLists {
    private GeoLists() {
    }

    static List<Point> copy(List<Point> points, String typeName) {
        if (points == null || points.isEmpty()) {
            throw new ConversionException("invalid " + typeName + " value: at least one point is required");
        }
        for (Point p : points) {
            if (p == null) {
                throw new ConversionException("invalid " + typeName + " value: points must not be null");
            }
        }
        return List.copyOf(points);
    }

    static String format(List<Point> points, char open, char close) {
        StringBuilder out = new StringBuilder().append(open);
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(points.get(i));
        }
        return out.append(close).toString();
    }
}
