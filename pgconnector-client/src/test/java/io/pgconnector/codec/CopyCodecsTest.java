package io.pgconnector.codec;

import io.pgconnector.client.CopyOptions;
import io.pgconnector.client.CopyResult;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.CopyException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.types.Citext;
import io.pgconnector.types.Ltree;
import io.pgconnector.types.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * User codecs (text form) in COPY: hstore, ltree, citext and a codec of the test's own go through a text COPY both
 * ways, per column through the codec's format and parse; a user codec for a type that has a built-in binary form
 * (here point) wins over it.
 */
@WithPostgres
@Timeout(120)
class CopyCodecsTest {
    /** A colour as the composite type rgb, through a codec of this test's own. */
    record Colour(int r, int g, int b) {
        static Colour parse(String text) {
            String[] p = text.substring(1, text.length() - 1).split(",");
            return new Colour(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }

        String format() {
            return "(" + r + "," + g + "," + b + ")";
        }
    }

    record Item(long id, Map<String, String> attrs, Ltree path, Citext email, Colour colour, List<Ltree> paths) {
    }

    /** point read through a user codec, as its text: the built-in binary form must not be used. */
    record Spot(long id, String at) {
    }

    static final Codec<Colour> RGB = Codec.of("rgb", Colour.class, Colour::parse, Colour::format);
    static final Codec<String> POINT_TEXT = Codec.of("point", String.class, t -> "p" + t,
            t -> t.startsWith("p") ? t.substring(1) : t);

    static PostgresClient plain;
    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        plain = TestClients.client(db);
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS hstore"));
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS ltree"));
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS citext"));
        plain.execute(Sql.of("CREATE TYPE rgb AS (r int, g int, b int)"));
        plain.execute(Sql.of("CREATE TABLE item (id bigint PRIMARY KEY, attrs hstore, path ltree, email citext, "
                + "colour rgb, paths ltree[])"));
        plain.execute(Sql.of("CREATE TABLE spot (id bigint PRIMARY KEY, at point)"));
        client = TestClients.builder(db).codec(new HstoreCodec()).codec(new LtreeCodec()).codec(new CitextCodec())
                .codec(RGB).codec(POINT_TEXT).build();
    }

    @AfterAll
    static void tearDown() {
        client.close();
        plain.close();
    }

    private static Map<String, String> attrs(int i) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("n", Integer.toString(i));
        m.put("tab\tand\nnewline", "back\\slash \"quoted\" => , ");
        m.put("nothing", null);
        return m;
    }

    private static List<Item> items() {
        return IntStream.range(0, 500).mapToObj(i -> new Item(i, i == 7 ? null : attrs(i),
                Ltree.parse("Top.N" + i), Citext.of("Ada" + i + "@Example.com"), new Colour(i % 256, 0, 255),
                i == 9 ? List.of() : Arrays.asList(Ltree.parse("a.b"), null))).toList();
    }

    @Test
    void copyInAndCopyOutGoThroughTheUserCodecsAsText() {
        CopyResult r = client.copyIn("item", Item.class, items().stream());
        assertThat(r).isEqualTo(new CopyResult(500, 0, CopyOptions.Format.TEXT));

        Sql all = Sql.of("SELECT * FROM item ORDER BY id");
        List<Item> viaQuery = client.queryList(all, Item.class);
        assertThat(viaQuery).isEqualTo(items());
        assertThat(plain.queryRow(Sql.of("SELECT attrs -> 'n' FROM item WHERE id = 3"), String.class)).isEqualTo("3");
        assertThat(plain.queryRow(Sql.of("SELECT email = 'ADA3@example.COM' FROM item WHERE id = 3"), Boolean.class))
                .isTrue();
        assertThat(plain.queryRow(Sql.of("SELECT (colour).r FROM item WHERE id = 300"), Integer.class)).isEqualTo(44);

        for (CopyOptions.Format format : List.of(CopyOptions.Format.AUTO, CopyOptions.Format.TEXT)) {
            try (Stream<Item> out = client.copyOut(all, Item.class, CopyOptions.builder().format(format).build())) {
                assertThat(out.toList()).as(format.name()).isEqualTo(viaQuery);
            }
            try (Stream<Object> out = client.copyOut(all, row -> row.get("attrs"),
                    CopyOptions.builder().format(format).build())) {
                assertThat(out.limit(1).toList()).containsExactly(attrs(0));
            }
        }
        assertThatThrownBy(() -> client.copyIn("item", Item.class, items().stream(),
                CopyOptions.builder().format(CopyOptions.Format.BINARY).build()))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("user codec");
    }

    @Test
    void aUserCodecWinsOverTheBuiltInBinaryFormOfItsType() {
        CopyResult r = client.copyIn("spot", Spot.class, Stream.of(new Spot(1, "p(1,2)"), new Spot(2, null)));
        assertThat(r.format()).isEqualTo(CopyOptions.Format.TEXT);
        assertThat(plain.queryList(Sql.of("SELECT at FROM spot ORDER BY id"), Point.class))
                .containsExactly(Point.of(1, 2), null);
        try (Stream<Spot> out = client.copyOut(Sql.of("SELECT * FROM spot ORDER BY id"), Spot.class)) {
            assertThat(out.toList()).containsExactly(new Spot(1, "p(1,2)"), new Spot(2, null));
        }
    }

    @Test
    void aValueTheCodecCannotFormatOrTheServerRefusesNamesRowAndColumn() {
        plain.execute(Sql.of("TRUNCATE item"));
        Map<String, String> nullKey = new java.util.HashMap<>();
        nullKey.put(null, "x");
        assertThatThrownBy(() -> client.copyIn("item", List.of("id", "attrs"),
                Stream.of(List.of(1L, Map.of("a", "b")), List.of(2L, nullKey))))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("attrs");
                });
        assertThatThrownBy(() -> client.copyIn("item", List.of("id", "path"),
                Stream.of(List.of(1L, Ltree.parse("a")), List.of(2L, "not a valid ltree!"))))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("path");
                });
        assertThat(plain.queryRow(Sql.of("SELECT count(*) FROM item"), Long.class)).isZero();
    }
}
