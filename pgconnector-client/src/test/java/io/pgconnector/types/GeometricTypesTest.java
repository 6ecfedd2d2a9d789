package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeometricTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1", "1.5|1.5", "-2.25|-2.25", "1e20|1e+20", "1e-5|1e-05", "0.0001|0.0001", "1e15|1e+15",
        "123456789012345678|1.2345678901234568e+17", "123456789012345.6|123456789012345.6",
        "1234567890123456.7|1.2345678901234568e+15", "1.5e300|1.5e+300", "-0.0|-0", "0|0", "0.1|0.1",
        "1e-7|1e-07", "Infinity|Infinity", "-Infinity|-Infinity", "NaN|NaN"})
    void formatsDoublesLikeTheServer(String input, String expected) {
        assertThat(PgText.formatDouble(Double.parseDouble(input))).isEqualTo(expected);
    }

    @Test
    void doubleTextRoundTrips() {
        Props.forAll("double round trip", Props::anyDouble, d -> {
            double back = PgText.parseDouble(PgText.formatDouble(d));
            assertThat(Double.compare(back, d)).isZero();
        });
    }

    @Test
    void parseDoubleRejectsJavaOnlyForms() {
        for (String s : new String[] {"0x1p3", "1d", "1f", "", " ", "1e", "--1", "1e400", "nan1"}) {
            assertThatThrownBy(() -> PgText.parseDouble(s)).isInstanceOf(ConversionException.class);
        }
        assertThat(PgText.parseDouble(" -inf ")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(1,2)", "(1.5,-2.25)", "(1e+20,1e-05)", "(-0,0.1)", "(Infinity,-Infinity)", "(NaN,1e-07)"})
    void pointServerTextRoundTrips(String text) {
        assertThat(Point.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void pointInputVariants() {
        assertThat(Point.parse(" 1 , 2 ")).isEqualTo(Point.of(1, 2));
        assertThat(Point.parse(" ( 1.5 , -2 ) ")).isEqualTo(Point.of(1.5, -2));
        assertThat(Point.of(1, 2)).isEqualTo(new Point(1, 2)).hasSameHashCodeAs(new Point(1, 2));
        assertThatThrownBy(() -> Point.parse("(1,2")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("point").hasMessageContaining("(1,2");
        assertThatThrownBy(() -> Point.parse("(1,x)")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> Point.parse("(1,2) x")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> Point.parse(null)).isInstanceOf(ConversionException.class);
    }

    @Test
    void line() {
        assertThat(Line.parse("{1,2,3}")).isEqualTo(Line.of(1, 2, 3));
        assertThat(Line.parse("{1,2,3}").toString()).isEqualTo("{1,2,3}");
        // Values the server printed for two-point input.
        assertThat(Line.parse("[(0,0),(1,1)]").toString()).isEqualTo("{1,-1,0}");
        assertThat(Line.parse("[(0,1),(1,1)]").toString()).isEqualTo("{0,-1,1}");
        assertThat(Line.parse("[(2,0),(2,5)]").toString()).isEqualTo("{-1,0,2}");
        assertThat(Line.parse("[(0,3),(1,1)]").toString()).isEqualTo("{-2,-1,3}");
        assertThatThrownBy(() -> Line.of(0, 0, 1)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("line");
        assertThatThrownBy(() -> Line.parse("{0,0,1}")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> Line.parse("[(1,1),(1,1)]")).isInstanceOf(ConversionException.class);
    }

    @Test
    void lineSegment() {
        assertThat(LineSegment.parse("[(1,2),(3,4)]").toString()).isEqualTo("[(1,2),(3,4)]");
        assertThat(LineSegment.parse("(1,2),(3,4)")).isEqualTo(LineSegment.of(Point.of(1, 2), Point.of(3, 4)));
        assertThat(LineSegment.parse("((1,2),(3,4))")).isEqualTo(LineSegment.parse("1,2,3,4"));
        assertThatThrownBy(() -> LineSegment.parse("[(1,2),(3,4),(5,6)]")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("lseg");
    }

    @Test
    void boxNormalisesCorners() {
        assertThat(Box.parse("(3,4),(1,2)").toString()).isEqualTo("(3,4),(1,2)");
        assertThat(Box.parse("(1,4),(3,2)").toString()).isEqualTo("(3,4),(1,2)");
        assertThat(Box.of(Point.of(1, 2), Point.of(3, 4))).isEqualTo(Box.parse("((3,4),(1,2))"));
        assertThat(Box.of(Point.of(1, 2), Point.of(3, 4)).upperRight()).isEqualTo(Point.of(3, 4));
        assertThatThrownBy(() -> Box.parse("[(1,2),(3,4)]")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("box");
    }

    @Test
    void pathAndPolygon() {
        assertThat(PgPath.parse("((1,2),(3,4))")).isEqualTo(PgPath.closed(Point.of(1, 2), Point.of(3, 4)));
        assertThat(PgPath.parse("[(1,2),(3,4)]")).isEqualTo(PgPath.open(Point.of(1, 2), Point.of(3, 4)));
        assertThat(PgPath.parse("[(1,2),(3,4)]").toString()).isEqualTo("[(1,2),(3,4)]");
        assertThat(PgPath.parse("((1,2),(3,4))").toString()).isEqualTo("((1,2),(3,4))");
        assertThat(PgPath.parse("(1,2),(3,4)").closed()).isTrue();
        assertThat(Polygon.parse("((1,2),(3,4),(5,6))").toString()).isEqualTo("((1,2),(3,4),(5,6))");
        assertThat(Polygon.parse("1,2,3,4")).isEqualTo(Polygon.of(Point.of(1, 2), Point.of(3, 4)));
        assertThatThrownBy(() -> Polygon.of()).isInstanceOf(ConversionException.class).hasMessageContaining("polygon");
        assertThatThrownBy(() -> PgPath.parse("[(1,2),(3,4))")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("path");
    }

    @Test
    void circle() {
        assertThat(Circle.parse("<(1,2),3>").toString()).isEqualTo("<(1,2),3>");
        assertThat(Circle.parse("((1,2),3)")).isEqualTo(Circle.of(Point.of(1, 2), 3));
        assertThat(Circle.parse("1,2,3")).isEqualTo(Circle.of(Point.of(1, 2), 3));
        assertThat(Circle.parse("<(1,2),0>").radius()).isZero();
        assertThatThrownBy(() -> Circle.of(Point.of(0, 0), -1)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("circle");
        assertThatThrownBy(() -> Circle.parse("<(1,2),-1>")).isInstanceOf(ConversionException.class);
    }

    private static List<Point> points(Random r) {
        List<Point> points = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            points.add(Props.point(r));
        }
        return points;
    }

    @Test
    void geometricValuesRoundTrip() {
        Props.forAll("point", Props::point, p -> assertThat(Point.parse(p.toString())).isEqualTo(p));
        Props.forAll("lseg", r -> LineSegment.of(Props.point(r), Props.point(r)),
                v -> assertThat(LineSegment.parse(v.toString())).isEqualTo(v));
        Props.forAll("box", r -> Box.of(Props.point(r), Props.point(r)),
                v -> assertThat(Box.parse(v.toString())).isEqualTo(v));
        Props.forAll("path", r -> new PgPath(points(r), r.nextBoolean()),
                v -> assertThat(PgPath.parse(v.toString())).isEqualTo(v));
        Props.forAll("polygon", r -> new Polygon(points(r)),
                v -> assertThat(Polygon.parse(v.toString())).isEqualTo(v));
        Props.forAll("circle", r -> Circle.of(Props.point(r), Math.abs(Props.anyDouble(r))),
                v -> assertThat(Circle.parse(v.toString())).isEqualTo(v));
        Props.forAll("line", r -> {
            double a = Props.anyDouble(r);
            double b = a == 0 ? 1 : Props.anyDouble(r);
            return Line.of(a, b, Props.anyDouble(r));
        }, v -> assertThat(Line.parse(v.toString())).isEqualTo(v));
    }

    @Test
    void geometricParsersThrowOnlyConversionException() {
        String alphabet = "()[]{}<>,.-+e0123456789 Infa";
        var gen = Props.strings(alphabet, 30);
        Props.onlyConversionErrors("point fuzz", gen, Point::parse);
        Props.onlyConversionErrors("line fuzz", gen, Line::parse);
        Props.onlyConversionErrors("lseg fuzz", gen, LineSegment::parse);
        Props.onlyConversionErrors("box fuzz", gen, Box::parse);
        Props.onlyConversionErrors("path fuzz", gen, PgPath::parse);
        Props.onlyConversionErrors("polygon fuzz", gen, Polygon::parse);
        Props.onlyConversionErrors("circle fuzz", gen, Circle::parse);
        Props.onlyConversionErrors("path mutations",
                Props.mutations(r -> new PgPath(points(r), r.nextBoolean()).toString(), alphabet), PgPath::parse);
        Props.onlyConversionErrors("circle mutations",
                Props.mutations(r -> Circle.of(Props.point(r), 1).toString(), alphabet), Circle::parse);
    }
}
