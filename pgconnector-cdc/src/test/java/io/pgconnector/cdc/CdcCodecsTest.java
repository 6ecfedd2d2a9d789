package io.pgconnector.cdc;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.codec.Codec;
import io.pgconnector.codec.CitextCodec;
import io.pgconnector.codec.HstoreCodec;
import io.pgconnector.codec.LtreeCodec;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.types.Citext;
import io.pgconnector.types.Ltree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change events of hstore, ltree and citext columns (and arrays of them) through the listener's codecs. */
class CdcCodecsTest extends CdcTestBase {
    record Doc(int id, Map<String, String> attrs, Ltree path, Citext email, List<Ltree> paths,
            List<Map<String, String>> attrsList, List<Citext> emails, Point3 at) {
    }

    /** A user-written codec's type: a 3-D point of the cube extension. */
    record Point3(double x, double y, double z) {
        static Point3 parse(String text) {
            String[] p = text.replace("(", "").replace(")", "").split(",");
            return new Point3(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()),
                    Double.parseDouble(p[2].trim()));
        }

        String text() {
            return "(" + x + ", " + y + ", " + z + ")";
        }
    }

    static final Codec<Point3> CUBE = Codec.of("cube", Point3.class, Point3::parse, Point3::text);

    static PostgresClient typed;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        exec(client, "CREATE EXTENSION IF NOT EXISTS hstore", "CREATE EXTENSION IF NOT EXISTS ltree",
                "CREATE EXTENSION IF NOT EXISTS citext", "CREATE EXTENSION IF NOT EXISTS cube",
                "CREATE TABLE doc (id int PRIMARY KEY, attrs hstore, path ltree, email citext, paths ltree[], "
                        + "attrs_list hstore[], emails citext[], at cube)",
                "ALTER TABLE doc REPLICA IDENTITY FULL");
        typed = PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).codec(new HstoreCodec()).codec(new LtreeCodec())
                .codec(new CitextCodec()).codec(CUBE).build();
    }

    @AfterAll
    static void closeTyped() {
        typed.close();
    }

    private static final String INSERT = "INSERT INTO doc VALUES (%d, 'a=>1, \"b c\"=>NULL, q=>\"x\\\"y\"', "
            + "'Top.Science', 'Ada@Example.com', '{a.b,a.b.c}', ARRAY['k=>v'::hstore, NULL], "
            + "'{Alpha,\"b, c\"}', '(1, 2, 3)')";

    @Test
    void eventsCarryTheCodecsTypesAsAQueryDoes(PostgresDatabase db) throws Exception {
        exec(client, String.format(INSERT, 1));
        Doc expected = typed.queryRow(Sql.of("SELECT * FROM doc WHERE id = 1"), Doc.class);
        assertThat(expected.attrs()).containsEntry("a", "1").containsEntry("b c", null).containsEntry("q", "x\"y");
        assertThat(expected.at()).isEqualTo(new Point3(1, 2, 3));

        Recorder<Doc> rec = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "codecs_doc").codec(new HstoreCodec())
                .codecs(List.of(new LtreeCodec(), new CitextCodec(), CUBE)).build();
        listener.attach(Doc.class, rec, "doc");
        listener.start();
        try {
            Doc snapshot = rec.awaitEvents(1, e -> e.after().id() == 1, WAIT).get(0).after();
            assertThat(snapshot).isEqualTo(expected);
            exec(client, String.format(INSERT, 2), "UPDATE doc SET path = 'Top.Arts', attrs = attrs || 'n=>2' "
                    + "WHERE id = 2");
            List<Recorder.Event<Doc>> events = rec.awaitEvents(2, e -> !e.src().snapshot(), WAIT);
            Doc inserted = events.get(0).after();
            assertThat(inserted.attrs()).isEqualTo(expected.attrs());
            assertThat(inserted.path()).isEqualTo(Ltree.of("Top", "Science"));
            assertThat(inserted.email()).isEqualTo(Citext.of("ada@example.com"));
            assertThat(inserted.email().text()).isEqualTo("Ada@Example.com");
            assertThat(inserted.paths()).containsExactly(Ltree.parse("a.b"), Ltree.parse("a.b.c"));
            assertThat(inserted.attrsList()).containsExactly(Map.of("k", "v"), null);
            assertThat(inserted.emails()).containsExactly(Citext.of("alpha"), Citext.of("B, C"));
            assertThat(inserted.at()).isEqualTo(new Point3(1, 2, 3));
            Doc updated = events.get(1).after();
            assertThat(updated.path()).isEqualTo(Ltree.of("Top", "Arts"));
            assertThat(updated.attrs()).containsEntry("n", "2").containsEntry("a", "1");
            assertThat(events.get(1).before().path()).isEqualTo(Ltree.of("Top", "Science"));
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void mapRowsHoldTheCodecsTypes(PostgresDatabase db) throws Exception {
        Recorder<Map<String, Object>> rec = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        CdcListener listener = CdcTestSupport.listener(db, "codecs_map").snapshotMode(SnapshotMode.NEVER)
                .codecs(List.of(new HstoreCodec(), new LtreeCodec(), new CitextCodec(), CUBE)).build();
        listener.attach(mapType, rec, "doc");
        listener.start();
        try {
            exec(client, String.format(INSERT, 3));
            Map<String, Object> row = rec.awaitEvents(1, WAIT).get(0).after();
            Map<String, Object> queried = typed.queryRow(Sql.of("SELECT * FROM doc WHERE id = 3"));
            assertThat(queried.get("path")).isInstanceOf(Ltree.class);
            assertThat(row).isEqualTo(queried);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    /** A record of two of the table's eight columns. */
    record Slim(int id, Ltree path) {
    }

    @Test
    void columnsTheTypeDoesNotReadAreNotDecoded(PostgresDatabase db) throws Exception {
        // The cube codec counts its calls: a type without the cube column must never reach it.
        java.util.concurrent.atomic.AtomicInteger cubeReads = new java.util.concurrent.atomic.AtomicInteger();
        Codec<Point3> counting = Codec.of("cube", Point3.class, text -> {
            cubeReads.incrementAndGet();
            return Point3.parse(text);
        }, Point3::text);
        Recorder<Slim> slim = new Recorder<>();
        Recorder<Doc> full = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "codecs_slim").snapshotMode(SnapshotMode.NEVER)
                .codecs(List.of(new HstoreCodec(), new LtreeCodec(), new CitextCodec(), counting)).build();
        listener.attach(Slim.class, slim, "doc");
        listener.start();
        try {
            exec(client, String.format(INSERT, 5));
            Slim row = slim.awaitEvents(1, WAIT).get(0).after();
            assertThat(row).isEqualTo(new Slim(5, Ltree.of("Top", "Science")));
            assertThat(cubeReads).as("cube values decoded for a type without that column").hasValue(0);
            // The same listener with a type that has the column decodes it.
            listener.stop();
            listener.detach(slim);
            listener.attach(Doc.class, full, "doc");
            listener.start();
            exec(client, String.format(INSERT, 6));
            Doc six = full.awaitEvents(1, e -> e.after().id() == 6, WAIT).get(0).after();
            assertThat(six.at()).isEqualTo(new Point3(1, 2, 3));
            // Delivery is at least once: the restart may deliver row 5 again. Each delivered row decodes its cube once.
            assertThat(cubeReads).hasValue(full.events().size());
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void aCodecForAMissingTypeFailsTheStart(PostgresDatabase db) {
        CdcListener listener = CdcTestSupport.listener(db, "codecs_missing")
                .codec(Codec.of("no_such_type", Point3.class, Point3::parse, Point3::text)).build();
        listener.attach(Doc.class, new Recorder<>(), "doc");
        try {
            assertThatThrownBy(listener::start).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no_such_type").hasMessageContaining("does not exist");
            assertThat(listener.status().toString()).doesNotContain("RUNNING");
        } finally {
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void twoCodecsForOneJavaClassAreRefusedWhenRegistered() {
        CdcListener.Builder builder = CdcListener.builder();
        Codec<Point3> other = Codec.of("box", Point3.class, Point3::parse, Point3::text);
        assertThatThrownBy(() -> builder.codecs(List.of(CUBE, other))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Point3.class.getName()).hasMessageContaining("cube").hasMessageContaining("box");
    }
}
