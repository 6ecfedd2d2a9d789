package io.pgconnector.codec;

import io.pgconnector.client.InOutParameter;
import io.pgconnector.client.OutParameter;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.errors.UnsupportedTypeException;
import io.pgconnector.types.Citext;
import io.pgconnector.types.Ltree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hstore, ltree and citext through the codec SPI: parameters, columns, OUT parameters, arrays, Map rows. */
@WithPostgres
@Timeout(60)
class ExtensionCodecsTest {
    record Item(long id, Map<String, String> attrs, Ltree path, Citext email) {
    }

    record Tagged(long id, List<Map<String, String>> attrsList, List<Ltree> paths, Citext[] emails) {
    }

    static PostgresClient plain;
    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        plain = TestClients.client(db);
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS hstore"));
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS ltree"));
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS citext"));
        plain.execute(Sql.of("CREATE TABLE item (id bigint PRIMARY KEY, attrs hstore, path ltree, email citext)"));
        plain.execute(Sql.of("CREATE TABLE tagged (id bigint PRIMARY KEY, attrs_list hstore[], paths ltree[], "
                + "emails citext[])"));
        client = TestClients.builder(db).codec(new HstoreCodec()).codec(new LtreeCodec()).codec(new CitextCodec())
                .build();
    }

    @AfterAll
    static void tearDown() {
        client.close();
        plain.close();
    }

    private static Map<String, String> attrs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("colour", "red");
        m.put("quote \"and\" back\\slash", "a, b => c");
        m.put("nothing", null);
        m.put("", "empty key");
        return m;
    }

    @Test
    void parametersAndColumnsRoundTrip() {
        Ltree path = Ltree.parse("Top.Science.Astronomy");
        client.execute(Sql.of("INSERT INTO item VALUES (1, ?, ?, ?)", attrs(), path, Citext.of("Ada@Example.com")));

        Item item = client.queryRow(Sql.of("SELECT * FROM item WHERE id = 1"), Item.class);
        assertThat(item.attrs()).isEqualTo(attrs());
        assertThat(item.path()).isEqualTo(path);
        assertThat(item.path().depth()).isEqualTo(3);
        assertThat(item.email().text()).isEqualTo("Ada@Example.com");
        assertThat(item.email()).isEqualTo(Citext.of("ada@example.COM"));

        // The server agrees on the values (hstore lookup, ltree ancestry, citext case-insensitive equality).
        assertThat(client.queryRow(Sql.of("SELECT attrs -> 'quote \"and\" back\\slash' FROM item WHERE id = 1"),
                String.class)).isEqualTo("a, b => c");
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM item WHERE path <@ ? AND email = ?",
                Ltree.of("Top", "Science"), Citext.of("ADA@EXAMPLE.COM")), Long.class)).isEqualTo(1L);
        assertThat(client.queryRow(Sql.of("SELECT attrs @> ? FROM item WHERE id = 1", Map.of("colour", "red")),
                Boolean.class)).isTrue();

        // Natural types in a Map row; the plain client (no codecs) still reads the text forms.
        Map<String, Object> row = client.queryRow(Sql.of("SELECT attrs, path, email FROM item WHERE id = 1"));
        assertThat(row.get("attrs")).isEqualTo(attrs());
        assertThat(row.get("path")).isEqualTo(path);
        assertThat(row.get("email")).isEqualTo(Citext.of("ada@example.com"));
        Map<String, Object> text = plain.queryRow(Sql.of("SELECT attrs, path, email FROM item WHERE id = 1"));
        assertThat(text.get("path")).isEqualTo("Top.Science.Astronomy");
        assertThat(text.get("email")).isEqualTo("Ada@Example.com");
        // Every column can still be read as a String.
        assertThat(client.queryRow(Sql.of("SELECT path FROM item WHERE id = 1"), String.class))
                .isEqualTo("Top.Science.Astronomy");
        assertThat(client.queryRow(Sql.of("SELECT path FROM item WHERE id = 1"), Ltree.class)).isEqualTo(path);
        // A row lambda reads with the client's codecs too.
        Object viaRow = client.queryRow(Sql.of("SELECT attrs FROM item WHERE id = 1"), r -> r.get(0, Map.class));
        assertThat(viaRow).isEqualTo(attrs());
    }

    @Test
    void nullsAndEmptyValues() {
        client.execute(Sql.of("INSERT INTO item VALUES (2, ?, ?, ?)", Map.of(), Ltree.parse(""), null));
        Item item = client.queryRow(Sql.of("SELECT * FROM item WHERE id = 2"), Item.class);
        assertThat(item.attrs()).isEmpty();
        assertThat(item.path().labels()).isEmpty();
        assertThat(item.email()).isNull();
    }

    @Test
    void arraysRoundTrip() {
        List<Map<String, String>> attrsList = Arrays.asList(attrs(), Map.of("k", "v"), null);
        List<Ltree> paths = List.of(Ltree.parse("a.b"), Ltree.parse("a.b.c"));
        Citext[] emails = {Citext.of("X@y.z"), Citext.of("with, comma \"quoted\"")};
        client.execute(Sql.of("INSERT INTO tagged VALUES (1, ?, ?, ?)", attrsList, paths, emails));

        Tagged t = client.queryRow(Sql.of("SELECT * FROM tagged WHERE id = 1"), Tagged.class);
        assertThat(t.attrsList()).isEqualTo(attrsList);
        assertThat(t.paths()).isEqualTo(paths);
        assertThat(t.emails()).containsExactly(emails);
        assertThat(client.queryRow(Sql.of("SELECT array_length(attrs_list, 1) FROM tagged WHERE id = 1"),
                Integer.class)).isEqualTo(3);
        assertThat(client.queryRow(Sql.of("SELECT paths FROM tagged WHERE id = 1"))).containsEntry("paths", paths);
    }

    @Test
    void outAndInOutParameters() {
        client.execute(Sql.of("CREATE PROCEDURE ext_echo(INOUT h hstore, INOUT p ltree, INOUT e citext, "
                + "INOUT hs hstore[]) LANGUAGE plpgsql AS $$ BEGIN h := h || hstore('added', 'yes'); "
                + "p := p || 'leaf'; e := upper(e::text)::citext; END $$"));
        InOutParameter<Map<String, String>> h = InOutParameter.of(Map.of("k", "v"));
        InOutParameter<Ltree> p = InOutParameter.of(Ltree.of("root"));
        InOutParameter<Citext> e = InOutParameter.of(Citext.of("mixed"));
        InOutParameter<List<Map<String, String>>> hs = InOutParameter.listOf(List.of(Map.of("a", "1")),
                mapClass());
        try (ProcedureCallResult r = client.call(Sql.of("CALL ext_echo(?, ?, ?, ?)", h, p, e, hs))) {
            assertThat(h.get()).isEqualTo(Map.of("k", "v", "added", "yes"));
            assertThat(p.get()).isEqualTo(Ltree.of("root", "leaf"));
            assertThat(e.get().text()).isEqualTo("MIXED");
            assertThat(hs.get()).containsExactly(Map.of("a", "1"));
        }
        client.execute(Sql.of("CREATE PROCEDURE ext_out(p ltree, OUT q ltree, OUT h hstore) LANGUAGE plpgsql "
                + "AS $$ BEGIN q := subpath(p, 1); h := hstore('depth', nlevel(p)::text); END $$"));
        OutParameter<Ltree> q = OutParameter.of(Ltree.class);
        OutParameter<Map<String, String>> out = OutParameter.of(mapClass());
        try (ProcedureCallResult r = client.call(Sql.of("{call ext_out(?, ?, ?)}", Ltree.parse("a.b.c"), q, out))) {
            assertThat(q.get()).isEqualTo(Ltree.parse("b.c"));
            assertThat(out.get()).isEqualTo(Map.of("depth", "3"));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Map<String, String>> mapClass() {
        return (Class) Map.class;
    }

    @Test
    void badValuesAreClearErrors() {
        // A column of a codec's type cannot be read into an unrelated Java type: refused when planned.
        plain.execute(Sql.of("INSERT INTO item (id, path) VALUES (3, 'x.y') ON CONFLICT DO NOTHING"));
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT path FROM item WHERE id = 3"), Integer.class))
                .isInstanceOf(TypeMismatchException.class).hasMessageContaining("ltree");
        assertThatThrownBy(() -> Ltree.parse("a..b")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("ltree");
        assertThatThrownBy(() -> Ltree.of("has space")).isInstanceOf(ConversionException.class);
        // Without the codec a Map is not a parameter type: the plain client says so.
        assertThatThrownBy(() -> plain.execute(Sql.of("INSERT INTO item (id, attrs) VALUES (4, ?)", Map.of())))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("codec");
        // A key must not be null.
        Map<String, String> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "v");
        assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO item (id, attrs) VALUES (5, ?)", nullKey)))
                .isInstanceOf(ConversionException.class).hasMessageContaining("hstore").hasMessageContaining(
                        "HstoreCodec");
    }

    @Test
    void hstoreTextForms() {
        HstoreCodec codec = new HstoreCodec();
        assertThat(codec.parse("a=>1, \"b c\"=>NULL ,d => \"NULL\"")).containsEntry("a", "1").containsEntry("b c",
                null).containsEntry("d", "NULL");
        assertThat(codec.parse("")).isEmpty();
        assertThat(codec.parse(codec.format(attrs()))).isEqualTo(attrs());
        assertThatThrownBy(() -> codec.parse("a=>")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> codec.parse("a 1")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> codec.parse("\"a=>1")).isInstanceOf(ConversionException.class);
    }
}
