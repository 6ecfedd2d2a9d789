package io.pgconnector.cdc.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.Operation;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.codec.CitextCodec;
import io.pgconnector.codec.Codec;
import io.pgconnector.codec.HstoreCodec;
import io.pgconnector.codec.LtreeCodec;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.types.Citext;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Ltree;
import io.pgconnector.types.Point;
import io.pgconnector.types.Range;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Rows of every type family go PostgreSQL → Debezium connector in Kafka Connect → Kafka → {@link KafkaCdcSource} and
 * reach the typed service equal, field by field, to what {@code queryRow} returns for the same row.
 */
class EndToEndTest extends KafkaCdcTestBase {

    enum Mood { SAD, OK, HAPPY }

    record AllTypes(int id, short small, long big, BigDecimal amount, BigDecimal anyScale, double ratio,
            float approx, boolean flag, String label, OffsetDateTime at, Instant atInstant, LocalDateTime local,
            LocalDate day, LocalTime clock, UUID uid, Jsonb doc, Point pos, Range<Integer> span,
            Range<OffsetDateTime> period, Mood mood, List<String> tags, List<Integer> numbers, Inet addr,
            Interval gap, byte[] blob) {
    }

    private static final String INSERT = "INSERT INTO all_types VALUES (1, 12, 9007199254740993, "
            + "1234567890123456.7891, 3.14159265358979323846264338327950288, 0.1, 1.5, true, 'héllo', "
            + "'2024-02-29 23:59:59.123456+05:30', '1999-12-31 23:59:59.999999Z', '2024-01-02 03:04:05.654321', "
            + "'0044-03-15', '13:14:15.161718', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
            + "'{\"k\": [1, 2, {\"n\": null}]}', '(1.5,-2.25)', '[1,5)', "
            + "'[2024-01-01 00:00:00+00,2024-02-01 12:30:00+00)', 'happy', ARRAY['a', 'b c', NULL, 'd\"e'], "
            + "'{1,2,3}', '192.168.0.1/24', '1 year 2 mons 3 days 04:05:06.5', '\\x00ff10')";

    @Test
    void everyTypeFamilyArrivesThroughConnectAndKafkaAsAQueryReadsIt() throws Exception {
        exec("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE all_types (id int PRIMARY KEY, small int2, big int8, amount numeric(20,4), "
                        + "any_scale numeric, ratio float8, approx float4, flag bool, label varchar(20), "
                        + "at timestamptz, at_instant timestamptz, local timestamp, day date, clock time, uid uuid, "
                        + "doc jsonb, pos point, span int4range, period tstzrange, mood mood, tags text[], "
                        + "numbers int4[], addr inet, gap interval, blob bytea)",
                "ALTER TABLE all_types REPLICA IDENTITY FULL",
                "CREATE TABLE more_types (id int PRIMARY KEY, cash money, bits bit(3), mac macaddr, net cidr, "
                        + "doc json, x xml, words tsvector, ch char(3), ranges daterange, nums numrange, "
                        + "longs int8range, stamps tsrange, dates date[], amounts numeric[], flags bool[], "
                        + "big_ints int8[])",
                INSERT);
        CdcListener.Builder settings = listener("e2e_types");
        KafkaBroker.createTopic("pgconnector_e2e_types.public.all_types", 1);
        KafkaBroker.createTopic("pgconnector_e2e_types.public.more_types", 1);
        runConnector(settings, "public.all_types", "public.more_types");

        Recorder<AllTypes> rec = new Recorder<>();
        Recorder<Map<String, Object>> maps = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(KafkaBroker.bootstrapServers())
                .groupId("e2e-types").from(settings.build().config()).build();
        source.attach(AllTypes.class, rec, "all_types").attach(mapType, maps, "public.more_types");
        source.start();
        try {
            AllTypes expected = client.queryRow(Sql.of("SELECT * FROM all_types WHERE id = 1"), AllTypes.class);
            Recorder.Event<AllTypes> read = rec.awaitEvents(1, e -> e.op() == Operation.READ, WAIT).get(0);
            assertThat(read.after()).usingRecursiveComparison().isEqualTo(expected);
            assertThat(read.src().snapshot()).isTrue();
            assertThat(read.src().kafka().topic()).isEqualTo("pgconnector_e2e_types.public.all_types");

            exec(INSERT.replace("VALUES (1,", "VALUES (2,"), "UPDATE all_types SET label = 'x' WHERE id = 2",
                    "DELETE FROM all_types WHERE id = 2");
            List<Recorder.Event<AllTypes>> events = rec.awaitEvents(3, e -> !e.src().snapshot(), WAIT);
            AllTypes inserted = events.get(0).after();
            assertThat(events.get(0).op()).isEqualTo(Operation.CREATE);
            assertThat(inserted.id()).isEqualTo(2);
            assertThat(inserted).usingRecursiveComparison().ignoringFields("id").isEqualTo(expected);
            assertThat(events.get(1).op()).isEqualTo(Operation.UPDATE);
            assertThat(events.get(1).before()).usingRecursiveComparison().isEqualTo(inserted);
            assertThat(events.get(1).after().label()).isEqualTo("x");
            assertThat(events.get(2).op()).isEqualTo(Operation.DELETE);
            assertThat(events.get(2).before().label()).isEqualTo("x");
            assertThat(events.get(0).src().lsn()).isNotNull();
            assertThat(events.get(0).src().txId()).isNotNull();
            assertThat(events.get(0).src().kafka().offset()).isGreaterThanOrEqualTo(1);

            exec("INSERT INTO more_types VALUES (1, 12.34, B'101', '08:00:2b:01:02:03', "
                    + "'10.1.0.0/16', '{\"a\": 1}', '<a>b</a>', 'fat cat sat', 'ab', "
                    + "'[2024-01-01,2024-02-01)', '[1.5,2.5]', '[1,10)', '[2024-01-01 10:00,2024-01-02 10:00)', "
                    + "'{2024-01-01,NULL}', '{1.5,2,3}', '{t,f}', '{9007199254740993}')");
            Map<String, Object> row = maps.awaitEvents(1, e -> true, WAIT).get(0).after();
            Map<String, Object> queried = client.queryRow(Sql.of("SELECT * FROM more_types WHERE id = 1"));
            org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
            for (Map.Entry<String, Object> e : queried.entrySet()) {
                soft.assertThat(row.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            soft.assertAll();
            assertThat(rec.errors()).isEmpty();
        } finally {
            source.stop();
            worker.deleteConnector(ConnectorConfig.name(settings.build().config()), WAIT);
        }
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

    record Doc(int id, Map<String, String> attrs, Ltree path, Citext email, List<Ltree> paths, Point3 at) {
    }

    @Test
    void codecsOfTheListenerAndOfTheSourceDecodeExtensionTypesFromKafkaRecords() throws Exception {
        Codec<Point3> cube = Codec.of("cube", Point3.class, Point3::parse, Point3::text);
        exec("CREATE EXTENSION IF NOT EXISTS hstore", "CREATE EXTENSION IF NOT EXISTS ltree",
                "CREATE EXTENSION IF NOT EXISTS citext", "CREATE EXTENSION IF NOT EXISTS cube",
                "CREATE TABLE doc (id int PRIMARY KEY, attrs hstore, path ltree, email citext, paths ltree[], "
                        + "at cube)",
                "ALTER TABLE doc REPLICA IDENTITY FULL",
                "INSERT INTO doc VALUES (1, 'a=>1, \"b c\"=>NULL', 'Top.Science', 'Ada@Example.com', "
                        + "'{a.b,a.b.c}', '(1, 2, 3)')");
        // The listener's settings carry hstore, ltree and citext; the source adds its own codec for cube.
        CdcListener.Builder settings = listener("e2e_codecs").codec(new HstoreCodec())
                .codecs(List.of(new LtreeCodec(), new CitextCodec()));
        KafkaBroker.createTopic("pgconnector_e2e_codecs.public.doc", 1);
        runConnector(settings, "public.doc");

        Recorder<Doc> rec = new Recorder<>();
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(KafkaBroker.bootstrapServers())
                .groupId("e2e-codecs").from(settings.build().config()).codec(cube).build();
        source.attach(Doc.class, rec, "doc");
        try (PostgresClient typed = PostgresClient.builder().host(database.host()).port(database.port())
                .database(database.database()).username(database.username()).password(database.password())
                .codec(new HstoreCodec()).codec(new LtreeCodec()).codec(new CitextCodec()).codec(cube).build()) {
            source.start();
            Doc expected = typed.queryRow(Sql.of("SELECT * FROM doc WHERE id = 1"), Doc.class);
            assertThat(expected.path()).isEqualTo(Ltree.of("Top", "Science"));
            Doc read = rec.awaitEvents(1, e -> e.op() == Operation.READ, WAIT).get(0).after();
            assertThat(read).isEqualTo(expected);

            exec("UPDATE doc SET path = 'Top.Arts', attrs = attrs || 'n=>2' WHERE id = 1");
            Recorder.Event<Doc> update = rec.awaitEvents(1, e -> e.op() == Operation.UPDATE, WAIT).get(0);
            assertThat(update.before()).isEqualTo(expected);
            assertThat(update.after()).isEqualTo(typed.queryRow(Sql.of("SELECT * FROM doc WHERE id = 1"),
                    Doc.class));
            assertThat(update.after().attrs()).containsEntry("n", "2").containsEntry("b c", null);
            assertThat(update.after().email().text()).isEqualTo("Ada@Example.com");
            assertThat(update.after().at()).isEqualTo(new Point3(1, 2, 3));
            assertThat(rec.errors()).isEmpty();
        } finally {
            source.stop();
            worker.deleteConnector(ConnectorConfig.name(settings.build().config()), WAIT);
        }
    }

    @Test
    void twoCodecsForOneJavaClassAreRefusedWhenRegistered() {
        KafkaCdcSource.Builder builder = KafkaCdcSource.builder();
        Codec<Point3> cube = Codec.of("cube", Point3.class, Point3::parse, Point3::text);
        Codec<Point3> box = Codec.of("box", Point3.class, Point3::parse, Point3::text);
        assertThatThrownBy(() -> builder.codecs(List.of(cube, box))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Point3.class.getName()).hasMessageContaining("cube").hasMessageContaining("box");
        assertThatThrownBy(() -> builder.codec(null)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void startFailsFastWhenATopicDoesNotExist() {
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(KafkaBroker.bootstrapServers())
                .groupId("missing").topicPrefix("nothing_here").build();
        source.attach(Map.class, new Recorder<>(), "public.nope");
        assertThatThrownBy(source::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("nothing_here.public.nope does not exist");
        assertThat(source.isLive()).isFalse();
    }

    @Test
    void startFailsFastWhenTheBrokersCannotBeReached() {
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers("127.0.0.1:1")
                .groupId("unreachable").topicPrefix("p").startTimeout(Duration.ofSeconds(3)).build();
        source.attach(Map.class, new Recorder<>(), "public.t");
        long t0 = System.nanoTime();
        assertThatThrownBy(source::start).isInstanceOf(CdcException.class)
                .hasMessageContaining("Cannot reach the Kafka brokers 127.0.0.1:1");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }
}
