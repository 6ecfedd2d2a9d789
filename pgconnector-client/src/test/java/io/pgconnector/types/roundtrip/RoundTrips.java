package io.pgconnector.types.roundtrip;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trips one value through a real table column: bound as a parameter, stored, read back as a scalar, as a
 * {@code Map} value (the natural type) and inside a one-dimensional array (Java array and {@code List}, with NULL
 * elements), plus SQL NULL both ways.
 */
final class RoundTrips {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private RoundTrips() {
    }

    /**
     * One value of one PostgreSQL type.
     *
     * @param pgType   the column type, e.g. {@code int4range} or {@code char(5)}
     * @param javaType the Java type bound and read back
     * @param value    the value bound
     * @param expected what reading into {@code javaType} gives (the server may normalise)
     * @param natural  what reading into a {@code Map} gives
     * @param arrays   whether to also check {@code pgType[]}
     */
    record Case(String pgType, Class<?> javaType, Object value, Object expected, Object natural, boolean arrays) {
        static Case of(String pgType, Object value) {
            return new Case(pgType, value.getClass(), value, value, value, true);
        }

        static Case of(String pgType, Class<?> javaType, Object value) {
            return new Case(pgType, javaType, value, value, value, true);
        }

        Case readsBack(Object expectedValue) {
            return new Case(pgType, javaType, value, expectedValue, expectedValue, arrays);
        }

        Case naturally(Object naturalValue) {
            return new Case(pgType, javaType, value, expected, naturalValue, arrays);
        }

        Case noArrays() {
            return new Case(pgType, javaType, value, expected, natural, false);
        }

        @Override
        public String toString() {
            return pgType + " as " + javaType.getSimpleName() + ": " + show(value);
        }
    }

    static void check(PostgresClient client, Case c) {
        String table = "rt_" + TABLES.incrementAndGet();
        client.execute(Sql.of("CREATE TABLE " + table + " (id int PRIMARY KEY, v " + c.pgType() + ", a "
                + c.pgType() + "[])"));
        client.execute(Sql.of("INSERT INTO " + table + " (id, v) VALUES (1, ?), (2, ?)", c.value(), null));

        String one = "SELECT v FROM " + table + " WHERE id = 1";
        String nul = "SELECT v FROM " + table + " WHERE id = 2";
        assertEqual(client.queryRow(Sql.of(one), c.javaType()), c.expected(), "scalar");
        assertEqual(client.queryRow(Sql.of(one)).get("v"), c.natural(), "map value");
        assertEqual(client.queryRow(Sql.of(one), Object.class), c.natural(), "Object scalar");
        assertThat(client.queryRow(Sql.of(nul), c.javaType())).as("NULL scalar").isNull();
        assertThat(client.queryRow(Sql.of(nul)).get("v")).as("NULL map value").isNull();
        // The parameter also works where the server must compare it with the column.
        String compare = hasEquality(c.pgType()) ? "v IS NOT DISTINCT FROM ?"
                : "v::text IS NOT DISTINCT FROM CAST(? AS " + c.pgType() + ")::text";
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM " + table + " WHERE " + compare, c.value()),
                Long.class)).as("parameter compared with the stored value").isEqualTo(1L);

        if (!c.arrays()) {
            return;
        }
        Object javaArray = Array.newInstance(c.javaType(), 3);
        Array.set(javaArray, 0, c.value());
        Array.set(javaArray, 2, c.value());
        List<Object> list = Arrays.asList(c.value(), null, c.value());
        List<Object> expectedList = Arrays.asList(c.expected(), null, c.expected());
        List<Object> naturalList = Arrays.asList(c.natural(), null, c.natural());
        Object emptyArray = Array.newInstance(c.javaType(), 0);
        client.execute(Sql.of("INSERT INTO " + table + " (id, a) VALUES (3, ?), (4, ?), (5, ?), (6, ?)",
                javaArray, list, emptyArray, List.of(c.value())));
        String three = "SELECT a FROM " + table + " WHERE id = 3";
        Class<?> arrayType = c.javaType().arrayType();
        assertEqual(client.queryRow(Sql.of(three), arrayType), expectedList, "Java array");
        assertEqual(client.queryRow(Sql.of(three), List.class), naturalList, "List");
        assertEqual(client.queryRow(Sql.of(three)).get("a"), naturalList, "array map value");
        assertEqual(client.queryRow(Sql.of("SELECT a FROM " + table + " WHERE id = 4"), arrayType), expectedList,
                "array bound from a List");
        assertEqual(client.queryRow(Sql.of("SELECT a FROM " + table + " WHERE id = 5"), arrayType), List.of(),
                "empty array");
        assertEqual(client.queryRow(Sql.of("SELECT a FROM " + table + " WHERE id = 6"), List.class),
                List.of(c.natural()), "one-element array");
        assertThat(client.queryRow(Sql.of("SELECT a FROM " + table + " WHERE id = 1"), arrayType))
                .as("NULL array").isNull();
        // text[] does not compare with varchar[] (no operator), so the array parameter is cast to the column type.
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM " + table + " WHERE a::text = CAST(? AS "
                + c.pgType() + "[])::text", list), Long.class))
                .as("array parameter compared with the stored arrays").isEqualTo(2L);
    }

    /** Types without an {@code =} operator (or whose {@code =} compares areas, as for box and circle). */
    static boolean hasEquality(String pgType) {
        return !List.of("json", "jsonpath", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle")
                .contains(pgType);
    }

    static void assertEqual(Object actual, Object expected, String what) {
        assertThat(shape(actual)).as(what + ": Java types of " + show(actual)).isEqualTo(shape(expected));
        assertThat(normalise(actual)).as(what + ": " + show(actual)).isEqualTo(normalise(expected));
    }

    /** The Java classes of a value and of its elements, ignoring which array or list class holds them. */
    static String shape(Object v) {
        Object n = normalise(v);
        if (n instanceof List) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : (List<?>) n) {
                b.append(b.length() > 1 ? ", " : "").append(o == null ? "null" : shape(o));
            }
            return b.append(']').toString();
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    /** Arrays and collections become lists and bytes become hex, so that equality is by content. */
    static Object normalise(Object v) {
        if (v instanceof byte[]) {
            return "\\x" + HexFormat.of().formatHex((byte[]) v);
        }
        if (v != null && v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(normalise(Array.get(v, i)));
            }
            return out;
        }
        if (v instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Collection<?>) v) {
                out.add(normalise(o));
            }
            return out;
        }
        return v;
    }

    static String show(Object v) {
        Object n = normalise(v);
        if (n instanceof List) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : (List<?>) n) {
                b.append(b.length() > 1 ? ", " : "").append(show(o));
            }
            return b.append(']').toString();
        }
        return n == null ? "null" : n + " (" + v.getClass().getSimpleName() + ")";
    }
}
