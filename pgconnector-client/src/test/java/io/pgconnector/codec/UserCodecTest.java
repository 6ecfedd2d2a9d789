package io.pgconnector.codec;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user-written codec (the cube extension as a record), ServiceLoader discovery, and the bad-input cases. */
@WithPostgres
@Timeout(60)
class UserCodecTest {
    /** A point of the cube extension, in three dimensions. */
    record Point3(double x, double y, double z) {
        static Point3 parse(String text) {
            String[] p = text.replace("(", "").replace(")", "").split(",");
            if (p.length != 3) {
                throw new IllegalArgumentException("not a 3-D point: " + p.length + " coordinates");
            }
            return new Point3(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()),
                    Double.parseDouble(p[2].trim()));
        }

        String text() {
            return "(" + x + ", " + y + ", " + z + ")";
        }
    }

    record Place(long id, Point3 at) {
    }

    static final Codec<Point3> CUBE = Codec.of("cube", Point3.class, Point3::parse, Point3::text);

    static PostgresDatabase db;
    static PostgresClient plain;

    @BeforeAll
    static void setUp(PostgresDatabase database) {
        db = database;
        plain = TestClients.client(db);
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS cube"));
        plain.execute(Sql.of("CREATE TABLE place (id bigint PRIMARY KEY, at cube)"));
    }

    @AfterAll
    static void tearDown() {
        plain.close();
    }

    @Test
    void userWrittenCodecWorksEverywhere() {
        try (PostgresClient client = TestClients.builder(db).codec(CUBE).build()) {
            client.execute(Sql.of("INSERT INTO place VALUES (1, ?), (2, ?)", new Point3(1, 2, 3),
                    new Point3(-1.5, 0, 1e10)));
            assertThat(client.queryList(Sql.of("SELECT * FROM place ORDER BY id"), Place.class, 10)).containsExactly(
                    new Place(1, new Point3(1, 2, 3)), new Place(2, new Point3(-1.5, 0, 1e10)));
            // The server computes with the values it was sent.
            assertThat(client.queryRow(Sql.of("SELECT cube_distance(?, ?)", new Point3(0, 0, 0),
                    new Point3(3, 4, 0)), Double.class)).isEqualTo(5.0);
            assertThat(client.queryRow(Sql.of("SELECT at FROM place WHERE id = 1"))).containsEntry("at",
                    new Point3(1, 2, 3));
            assertThat(client.queryRow(Sql.of("SELECT ?::cube[]", (Object) Arrays.asList(new Point3(1, 1, 1), null)),
                    List.class)).containsExactly(new Point3(1, 1, 1), null);
            assertThat(client.queryRow(Sql.of("SELECT at FROM place WHERE id = 1"), Point3.class))
                    .isEqualTo(new Point3(1, 2, 3));
        }
    }

    @Test
    void lastRegistrationWins() {
        Codec<Point3> doubled = Codec.of("cube", Point3.class, t -> {
            Point3 p = Point3.parse(t);
            return new Point3(p.x() * 2, p.y() * 2, p.z() * 2);
        }, Point3::text);
        try (PostgresClient client = TestClients.builder(db).codec(CUBE).codec(doubled).build()) {
            assertThat(client.queryRow(Sql.of("SELECT '(1, 2, 3)'::cube"), Point3.class))
                    .isEqualTo(new Point3(2, 4, 6));
        }
        // A codec registered for a built-in Java class and type wins over the built-in one, for this client only.
        Codec<Integer> plusOne = Codec.of("int4", Integer.class, t -> Integer.parseInt(t) + 1, String::valueOf);
        try (PostgresClient client = TestClients.builder(db).codec(plusOne).build()) {
            assertThat(client.queryRow(Sql.of("SELECT 41::int4"))).containsEntry("int4", 42);
        }
        assertThat(plain.queryRow(Sql.of("SELECT 41::int4"), Integer.class)).isEqualTo(41);
    }

    @Test
    void serviceLoaderFindsCodecsAndLeavesOutThoseWhoseTypeIsMissing() {
        // No seg extension yet: the discovered SegCodec is left out quietly, the client starts.
        try (PostgresClient client = TestClients.client(db)) {
            assertThat(client.queryRow(Sql.of("SELECT 1"), Integer.class)).isEqualTo(1);
        }
        plain.execute(Sql.of("CREATE EXTENSION IF NOT EXISTS seg"));
        try (PostgresClient client = TestClients.client(db)) {
            assertThat(client.queryRow(Sql.of("SELECT ?::seg", new SegCodec.Seg(1.5, 2.5)), SegCodec.Seg.class))
                    .isEqualTo(new SegCodec.Seg(1.5, 2.5));
            assertThat(client.queryRow(Sql.of("SELECT '7'::seg AS s"))).containsEntry("s", new SegCodec.Seg(7, 7));
        }
        // An explicit codec for the same type wins over the discovered one.
        Codec<String> segText = Codec.of("seg", String.class, t -> "seg:" + t, t -> t);
        try (PostgresClient client = TestClients.builder(db).codec(segText).build()) {
            assertThat(client.queryRow(Sql.of("SELECT '7'::seg AS s"))).containsEntry("s", "seg:7");
            // Strings of other types are unaffected by a codec whose Java class is String.
            assertThat(client.queryRow(Sql.of("SELECT 'plain'::text"), String.class)).isEqualTo("plain");
        }
    }

    @Test
    void codecForAMissingTypeFailsTheClientStart() {
        Codec<Point3> missing = Codec.of("no_such_type", Point3.class, Point3::parse, Point3::text);
        ClientOptions named = ClientOptions.builder().applicationName("codec-missing-type").build();
        assertThatThrownBy(() -> TestClients.builder(db).options(named).codec(missing).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no_such_type").hasMessageContaining("does not exist")
                .hasMessageContaining("CREATE EXTENSION");
        // Nothing is left behind: the pool the failed start opened is closed (its sessions end shortly after).
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sessions("codec-missing-type") > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sessions("codec-missing-type")).isZero();
    }

    @Test
    void twoCodecsForOneJavaClassInOneRegistrationAreRefused() {
        Codec<Point3> other = Codec.of("box", Point3.class, Point3::parse, Point3::text);
        ClientOptions.Builder options = ClientOptions.builder().codec(new LtreeCodec());
        assertThatThrownBy(() -> options.codecs(List.of(CUBE, other)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Point3.class.getName()).hasMessageContaining("cube")
                .hasMessageContaining("box");
        // Nothing of the refused set was registered.
        assertThat(options.build().codecs()).hasSize(1).allMatch(c -> c instanceof LtreeCodec);
        assertThatThrownBy(() -> ClientOptions.builder().codec(Codec.of(" ", Point3.class, Point3::parse,
                Point3::text))).isInstanceOf(ConfigurationException.class).hasMessageContaining("type name");
        assertThatThrownBy(() -> ClientOptions.builder().codec(Codec.of("cube", Object.class, t -> t,
                Object::toString))).isInstanceOf(ConfigurationException.class).hasMessageContaining("Object");
        assertThatThrownBy(() -> ClientOptions.builder().codec(null)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aCodecThatThrowsIsAConversionExceptionNamingTheCodecAndType() {
        Codec<Point3> broken = Codec.of("cube", Point3.class, t -> {
            throw new IllegalStateException("parse broke");
        }, p -> {
            throw new IllegalStateException("format broke");
        });
        try (PostgresClient client = TestClients.builder(db).codec(broken).build()) {
            assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO place VALUES (9, ?)", new Point3(1, 2, 3))))
                    .isInstanceOf(ConversionException.class).hasMessageContaining("Parameter 1")
                    .hasMessageContaining("cube").hasMessageContaining("format broke");
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT '(1,2,3)'::cube AS c"), Point3.class))
                    .isInstanceOf(ConversionException.class).hasMessageContaining("cube")
                    .hasMessageContaining(Point3.class.getName()).hasMessageContaining("parse broke");
            // The client still works for everything else.
            assertThat(client.queryRow(Sql.of("SELECT 2"), Integer.class)).isEqualTo(2);
        }
        Codec<Point3> returnsNull = Codec.of("cube", Point3.class, t -> null, Point3::text);
        try (PostgresClient client = TestClients.builder(db).codec(returnsNull).build()) {
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT '(1,2,3)'::cube AS c"), Map.class))
                    .isInstanceOf(ConversionException.class).hasMessageContaining("returned null");
        }
    }

    private static long sessions(String applicationName) {
        return plain.queryRow(Sql.of("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
                applicationName), Long.class);
    }
}
