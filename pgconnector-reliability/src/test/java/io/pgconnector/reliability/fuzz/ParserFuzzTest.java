package io.pgconnector.reliability.fuzz;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.Cidr;
import io.pgconnector.types.Circle;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Json;
import io.pgconnector.types.JsonPath;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Line;
import io.pgconnector.types.LineSegment;
import io.pgconnector.types.MacAddr;
import io.pgconnector.types.MacAddr8;
import io.pgconnector.types.Money;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.ObjectIdentifierKind;
import io.pgconnector.types.Oid;
import io.pgconnector.types.PgPath;
import io.pgconnector.types.PgLsn;
import io.pgconnector.types.internal.PgText;
import io.pgconnector.types.internal.PgTime;
import io.pgconnector.types.Point;
import io.pgconnector.types.Polygon;
import io.pgconnector.types.Range;
import io.pgconnector.types.TsQuery;
import io.pgconnector.types.TsVector;
import io.pgconnector.types.Xml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Promise 5 (parsers): the text parser of every value type, fed 12,000 hostile texts each (4,000 arbitrary strings,
 * 4,000 strings from the type's alphabet, 4,000 mutations of valid texts), either returns a value or throws
 * {@link ConversionException}; nothing else escapes (no NullPointerException, NumberFormatException,
 * IndexOutOfBoundsException, DateTimeException, StackOverflowError...). A value that was accepted must also survive
 * its own text form: formatting it and parsing that gives an equal value (or one with the same text form), and
 * that text form is not enormous.
 */
@Timeout(300)
class ParserFuzzTest {
    static final int TRIES_PER_KIND = 4_000;
    private static final Duration PER_PARSER_LIMIT = Duration.ofSeconds(60);
    /** A value parsed from a short text must not have an enormous text form (1e99999999 has 100 million digits). */
    private static final int MAX_TEXT_FORM = 200_000;
    private static final String NUMBERS = "0123456789.-+eE";

    /** One parser under test. */
    record Parser(String name, Function<String, Object> parse, Function<Object, String> format, List<String> valid,
                  String extraAlphabet) {
        String alphabet() {
            Set<Character> chars = new LinkedHashSet<>();
            for (String v : valid) {
                for (char c : v.toCharArray()) {
                    chars.add(c);
                }
            }
            for (char c : (extraAlphabet + NUMBERS + " ,()").toCharArray()) {
                chars.add(c);
            }
            StringBuilder b = new StringBuilder();
            chars.forEach(b::append);
            return b.toString();
        }
    }

    static Parser p(String name, Function<String, Object> parse, String extra, String... valid) {
        return new Parser(name, parse, String::valueOf, List.of(valid), extra);
    }

    @SuppressWarnings("unchecked")
    static <T> Parser p(String name, Function<String, T> parse, Function<T, String> format, String extra,
            String... valid) {
        return new Parser(name, (Function<String, Object>) parse, o -> format.apply((T) o), List.of(valid), extra);
    }

    static List<Parser> parsers() {
        return List.of(
                p("point", Point::parse, "NaInfity", "(1,2)", "1.5,-2e3", " ( 0 , -0 ) ", "(NaN,Infinity)"),
                p("line", Line::parse, "{}[]", "{1,-1,0}", "[(0,0),(1,1)]", "((0,0),(1,2))", "{0,1,-5}"),
                p("lseg", LineSegment::parse, "[]", "[(0,0),(1,1)]", "((1,2),(3,4))", "1,2,3,4"),
                p("box", Box::parse, "", "(1,1),(0,0)", "((0,0),(2,3))", "1,2,3,4"),
                p("path", PgPath::parse, "[]", "[(0,0),(1,1),(2,0)]", "((0,0),(1,1))", "(0,0),(1,1)", "[(1,2)]"),
                p("polygon", Polygon::parse, "", "((0,0),(1,1),(1,0))", "(0,0),(1,1)", "((1,2))"),
                p("circle", Circle::parse, "<>", "<(0,0),1>", "((1,2),3)", "(1,2),3", "1,2,3"),
                p("interval", Interval::parse, "@agoyearmonsdayhourminutesecPTYMDHS:",
                        "1 year 2 mons 3 days 04:05:06.789", "-1 days +02:03:00", "@ 1 hour ago", "P1Y2M3DT4H5M6S",
                        "00:00:00", "1 mon -2 days", "3 days", "-178000000 years", "1.5 weeks", "PT-1.5S"),
                p("int4range", Range::parseInt4, "[]empty\"", "[1,10)", "(,5]", "empty", "[,]", "(1,)",
                        "[-2147483648,2147483647)"),
                p("int8range", Range::parseInt8, "[]empty\"", "[1,10)", "(,5]", "empty", "[-9223372036854775808,0]"),
                p("numrange", Range::parseNum, "[]emptyNa\"", "[1.5,2.5]", "(,-0.001)", "empty", "[\"1\",\"2\")"),
                p("daterange", Range::parseDate, "[]emptyinfity\"BC", "[2020-01-01,2021-01-01)",
                        "[,2020-02-29]", "empty", "[-infinity,infinity)"),
                p("tsrange", Range::parseTimestamp, "[]emptyinfity\"", "[\"2020-01-01 10:00:00\",\"2020-01-02 00:00:00\")",
                        "(,\"2020-01-01 10:00:00.123456\"]", "empty"),
                p("tstzrange", Range::parseTimestampTz, "[]emptyinfity\"",
                        "[\"2020-01-01 10:00:00+00\",)", "(\"2020-01-01 10:00:00.5-03:30\",\"2021-01-01 00:00:00+14\"]"),
                p("inet", Inet::parse, "abcdef:/", "192.168.0.1", "10.0.0.0/8", "::1", "2001:db8::1/64",
                        "::ffff:1.2.3.4", "fe80::1:2:3:4/128"),
                p("cidr", Cidr::parse, "abcdef:/", "10.0.0.0/8", "192.168.100.128/25", "2001:db8::/32", "10/8",
                        "::/0"),
                p("macaddr", MacAddr::parse, "abcdefABCDEF:-.", "08:00:2b:01:02:03", "08-00-2b-01-02-03",
                        "0800.2b01.0203", "08002b010203", "0800-2b01-0203", "08002b:010203"),
                p("macaddr8", MacAddr8::parse, "abcdefABCDEF:-.", "08:00:2b:01:02:03:04:05",
                        "0800.2b01.0203.0405", "08002b0102030405", "08:00:2b:01:02:03"),
                p("json", Json::parse, "{}[]\":truefalsn\\u", "{\"a\":[1,2.5,\"x\",null,true]}", "[]", "\"s\\n\"",
                        "1e10", "{\"\\u00e9\":{}}"),
                p("jsonb", Jsonb::parse, "{}[]\":truefalsn\\u", "{\"a\":[1,2.5,\"x\",null,true]}", "[]", "\"s\"",
                        "-0.5"),
                p("jsonpath", JsonPath::parse, "$@.[]*?&|!=<>\"strictlaxto", "$.a[*] ? (@ > 1)", "strict $.x",
                        "$.a.b", "lax $[0 to 2]", "$.\"key with space\""),
                p("tsvector", TsVector::parse, "':ABCD\\", "'a':1A 'b':2,3 'fat cat'", "'ate' 'cat':3",
                        "a b c", "'it''s':1"),
                p("tsquery", TsQuery::parse, "'&|!<->:*ABCD\\", "'a' & 'b'", "!'x' | ('y' <-> 'z')",
                        "'fat':AB & 'cat':*", "'a' <2> 'b'"),
                p("bit", BitString::parse, "01", "1010", "", "0", "11111111111111111111111111111111111111"),
                p("money", Money::parse, "$()", "$1,000.00", "-$12.34", "($5.00)", "1000.5", "$0.01"),
                p("pg_lsn", PgLsn::parse, "ABCDEFabcdef/", "16/B374D848", "0/0", "FFFFFFFF/FFFFFFFF"),
                p("oid", Oid::parse, "", "0", "4294967295", "12345"),
                p("regclass", s -> ObjectIdentifier.parse(ObjectIdentifierKind.REGCLASS, s), "\"._", "pg_class",
                        "public.\"My Table\""),
                p("xml", Xml::parse, "<>/=\"", "<a>b</a>", "<a x=\"1\"/>"),
                p("date", PgTime::parseDate, PgTime::formatDate, "infity-BC", "2020-01-01", "infinity",
                        "-infinity", "2020-01-01 BC", "0001-01-01", "294276-12-31"),
                p("timestamp", PgTime::parseTimestamp, PgTime::formatTimestamp, "infity-:BC T", "2020-01-01 10:11:12.123456",
                        "infinity", "2020-02-29 23:59:59", "0044-03-15 12:00:00 BC"),
                p("timestamptz", PgTime::parseTimestampTz, PgTime::formatTimestampTz, "infity-:+BC T",
                        "2020-01-01 10:11:12+02", "2020-01-01 10:11:12.5-03:30", "infinity", "1900-01-01 00:00:00+00:19:32"),
                p("time", PgTime::parseTime, PgTime::formatTime, ":", "10:11:12", "24:00:00", "10:11:12.123456",
                        "00:00:00"),
                p("timetz", PgTime::parseTimeTz, PgTime::formatTimeTz, ":+-", "10:11:12+02", "10:11:12-05:30",
                        "24:00:00+00", "00:00:00.000001+15:59"),
                p("float8", PgText::parseDouble, "NaInfity", "1.5", "NaN", "-Infinity", "1e308", " 2 ", "4.9e-324"),
                p("array", PgText::parseArray, PgText::formatArray, "{}\"\\NUL[]:=", "{1,2,NULL,\"a b\",\"x\\\"y\"}", "{}",
                        "[1:2]={1,2}", "{\"\"}"),
                p("composite", PgText::parseComposite, PgText::formatComposite, "()\"\\,", "(1,\"a,b\",,\"\")", "()", "(\"x\"\"y\",\\\\)"));
    }

    @TestFactory
    Stream<DynamicTest> everyParserRaisesOnlyConversionException() {
        // @Timeout does not reach dynamic tests: bound each one here (a parser that loops forever fails, not hangs).
        return parsers().stream().map(p -> DynamicTest.dynamicTest(p.name(),
                () -> assertTimeoutPreemptively(PER_PARSER_LIMIT, () -> fuzz(p), "fuzzing " + p.name())));
    }

    private static void fuzz(Parser p) {
        for (String v : p.valid()) {
            Object value = p.parse().apply(v);
            assertThat(value).as("valid sample %s of %s", Fuzz.show(v), p.name()).isNotNull();
        }
        String alphabet = p.alphabet();
        int accepted = 0;
        int rejected = 0;
        List<String> failures = new ArrayList<>();
        for (Fuzz.Kind kind : Fuzz.Kind.values()) {
            for (int i = 0; i < TRIES_PER_KIND; i++) {
                long seed = Fuzz.seed(p.name(), kind, i);
                String input = Fuzz.sample(kind, seed, alphabet, p.valid());
                String problem = check(p, input);
                if (problem == null) {
                    accepted++;
                } else if (problem.isEmpty()) {
                    rejected++;
                } else if (failures.size() < 10) {
                    failures.add(problem + " for " + Fuzz.show(input) + " (" + kind + ", seed " + seed + ")");
                }
            }
        }
        System.out.printf("[figures] fuzz %-12s %d tries: %d accepted, %d ConversionException%n", p.name(),
                3 * TRIES_PER_KIND, accepted, rejected);
        assertThat(failures).as("%s: inputs that raised something other than ConversionException, or whose "
                + "value did not survive its own text form (base seed %d)", p.name(), Fuzz.BASE_SEED).isEmpty();
    }

    /** Returns null if accepted, "" if rejected with a ConversionException, else what went wrong. */
    private static String check(Parser p, String input) {
        Object value;
        try {
            value = p.parse().apply(input);
        } catch (ConversionException e) {
            return "";
        } catch (Throwable t) {
            return "threw " + t;
        }
        if (value == null) {
            return "returned null";
        }
        String text;
        Object again;
        try {
            text = p.format().apply(value);
            if (text.length() > MAX_TEXT_FORM) {
                return "value accepted from " + input.length() + " characters has a text form of " + text.length()
                        + " characters (the server would have rejected it)";
            }
            again = p.parse().apply(text);
        } catch (Throwable t) {
            return "value " + value + " did not survive its text form: " + t;
        }
        // Equal values, or at least the same text form: numeric -8e1 (scale -1) and -80 (scale 0) are one number.
        if (!Objects.equals(value, again) && !text.equals(p.format().apply(again))) {
            return "value " + value + " reparsed from " + Fuzz.show(String.valueOf(text)) + " as " + again;
        }
        return null;
    }
}
