package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.CopyException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.InvalidStatementException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.mapping.Column;
import io.pgconnector.types.Json;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(120)
class CopyTest {
    /** One column per type family with a binary codec. */
    record Everything(int id, short small, long big, float real, double dbl, BigDecimal num, boolean flag,
            String txt, @Column("vc") String varchar, String chr, byte[] bin, LocalDate day, LocalTime clock,
            LocalDateTime stamp, OffsetDateTime stamptz, UUID uid, Json doc, Jsonb docb) {
    }

    record WithPoint(int id, Point spot, List<Integer> tags) {
    }

    record Item(int id, String name) {
    }

    static final String COLUMNS = "(id int PRIMARY KEY, small int2, big int8, real float4, dbl float8, "
            + "num numeric(20,6), flag bool, txt text, vc varchar(20), chr char(3), bin bytea, day date, clock time, "
            + "stamp timestamp, stamptz timestamptz, uid uuid, doc json, docb jsonb)";

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE everything_copy " + COLUMNS));
        client.execute(Sql.of("CREATE TABLE everything_jdbc " + COLUMNS));
        client.execute(Sql.of("CREATE TABLE with_point (id int PRIMARY KEY, spot point, tags int[])"));
        client.execute(Sql.of("CREATE TABLE items (id int PRIMARY KEY CHECK (id <> 13), name text NOT NULL)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @BeforeEach
    void empty() {
        client.execute(Sql.of("TRUNCATE everything_copy, everything_jdbc, with_point, items"));
    }

    static List<Everything> samples() {
        List<Everything> rows = new ArrayList<>();
        rows.add(new Everything(1, (short) -32768, Long.MAX_VALUE, 1.5f, -0.25e-300, new BigDecimal("-12345678.000001"),
                true, "tab\there, new\nline, back\\slash, ünïcødé ✓", "v", "abc", new byte[] {0, 1, (byte) 255},
                LocalDate.of(1999, 12, 31), LocalTime.of(23, 59, 59, 999_999_000),
                LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1000), OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 0,
                ZoneOffset.ofHours(5)), UUID.randomUUID(), Json.of("{\"a\": [1, 2]}"), Jsonb.of("{\"b\": null}")));
        rows.add(new Everything(2, (short) 0, 0, 0f, 0d, BigDecimal.ZERO, false, "", "", "x", new byte[0],
                LocalDate.MAX, LocalTime.MIDNIGHT, LocalDateTime.MIN, OffsetDateTime.MAX, new UUID(0, 0),
                Json.of("[]"), Jsonb.of("1")));
        rows.add(new Everything(3, (short) 7, -1, Float.MAX_VALUE, Double.MIN_VALUE, new BigDecimal("0.000001"),
                true, null, null, null, null, null, null, null, null, null, null, null));
        rows.add(new Everything(4, (short) 1, 1, 1f, 1d, new BigDecimal("99999999999999.999999"), false, "x", "y",
                "z", new byte[] {42}, LocalDate.of(1, 1, 1), LocalTime.NOON, LocalDateTime.of(2262, 4, 11, 23, 47),
                OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), UUID.randomUUID(), Json.of("\"s\""),
                Jsonb.of("{\"k\": [true, false]}")));
        return rows;
    }

    @Test
    void copyInOfEveryBinaryTypeFamilyEqualsTheJdbcPath() {
        List<Everything> rows = samples();
        CopyResult r = client.copyIn("everything_copy", Everything.class, rows.stream());
        assertThat(r).isEqualTo(new CopyResult(rows.size(), 0, CopyOptions.Format.BINARY));
        for (Everything e : rows) {
            client.execute(Sql.named("INSERT INTO everything_jdbc VALUES (:id, :small, :big, :real, :dbl, :num, "
                    + ":flag, :txt, :varchar, :chr, :bin, :day, :clock, :stamp, :stamptz, :uid, :doc, :docb)", e));
        }
        String comparable = "SELECT id, small, big, real, dbl, num, flag, txt, vc, chr, bin, day, clock, stamp, stamptz, "
                + "uid, docb FROM ";
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM ((" + comparable + "everything_copy EXCEPT "
                + comparable + "everything_jdbc) UNION ALL (" + comparable + "everything_jdbc EXCEPT " + comparable
                + "everything_copy)) d"), Long.class)).isZero();
        // json has no equality operator: compare its text.
        assertThat(client.queryList(Sql.of("SELECT a.doc::text = b.doc::text FROM everything_copy a "
                + "JOIN everything_jdbc b USING (id) WHERE a.doc IS NOT NULL"), Boolean.class)).containsOnly(true);
    }

    @Test
    void copyOutReadsWhatQueryReadsInBinaryAndText() {
        client.copyIn("everything_copy", Everything.class, samples().stream());
        Sql all = Sql.of("SELECT * FROM everything_copy ORDER BY id");
        List<String> viaQuery = client.queryList(all, Everything.class).stream().map(CopyTest::describe).toList();
        for (CopyOptions.Format format : CopyOptions.Format.values()) {
            try (Stream<Everything> rows = client.copyOut(all, Everything.class,
                    CopyOptions.builder().format(format).build())) {
                assertThat(rows.map(CopyTest::describe).toList()).as(format.name()).isEqualTo(viaQuery);
            }
            try (Stream<Map> maps = client.copyOut(all, Map.class, CopyOptions.builder().format(format).build())) {
                assertThat(maps.map(m -> m.keySet().size()).toList()).as(format.name()).containsOnly(18);
            }
        }
        assertThat(samples().stream().map(CopyTest::describe).map(s -> s.replaceAll("uid=[^,]*", ""))
                .toList().get(2)).isEqualTo(viaQuery.get(2).replaceAll("uid=[^,]*", ""));
    }

    /** Records with arrays and floats compare by text; instants by instant. */
    static String describe(Everything e) {
        return e.toString().replaceAll("bin=\\[B@[0-9a-f]+", "bin=" + Arrays.toString(e.bin()))
                .replaceAll("stamptz=[^,]*", "stamptz=" + (e.stamptz() == null ? null
                        : e.stamptz().equals(OffsetDateTime.MAX) ? "max" : e.stamptz().toInstant()));
    }

    @Test
    void aColumnWithoutBinaryCodecSendsTheWholeCopyAsText() {
        List<WithPoint> rows = List.of(new WithPoint(1, Point.of(1.5, -2), List.of(1, 2)),
                new WithPoint(2, null, List.of()));
        assertThat(client.copyIn("with_point", WithPoint.class, rows.stream()).format())
                .isEqualTo(CopyOptions.Format.BINARY);
        client.execute(Sql.of("TRUNCATE with_point"));
        assertThat(client.copyIn("with_point", WithPoint.class, rows.stream(),
                CopyOptions.builder().format(CopyOptions.Format.TEXT).build()).format())
                .isEqualTo(CopyOptions.Format.TEXT);
        try (Stream<WithPoint> back = client.copyOut(Sql.of("SELECT * FROM with_point ORDER BY id"), WithPoint.class)) {
            assertThat(back.toList()).isEqualTo(rows);
        }
        client.execute(Sql.of("CREATE TABLE IF NOT EXISTS with_money (id int, price money)"));
        assertThat(client.copyIn("with_money", List.of("id", "price"), Stream.of(List.of(1, "12.50"))).format())
                .isEqualTo(CopyOptions.Format.TEXT);
        assertThatThrownBy(() -> client.copyIn("with_money", List.of("id", "price"), Stream.of(List.of(1, "1")),
                CopyOptions.builder().format(CopyOptions.Format.BINARY).build()))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("price");
    }

    @Test
    void copyInOfValueListsConvertsToTheColumnTypes() {
        CopyResult r = client.copyIn("items", List.of("id", "name"),
                IntStream.range(0, 1000).mapToObj(i -> List.of(i == 13 ? 1013L : i, "n" + i)));
        assertThat(r.rowsCopied()).isEqualTo(1000);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isEqualTo(1000L);
    }

    @Test
    void aValueItsColumnCannotTakeNamesRowAndColumnAndKeepsNothing() {
        assertThatThrownBy(() -> client.copyIn("items", List.of("id", "name"),
                Stream.of(List.of(1, "a"), List.of(2, "b"), List.of("three", "c"))))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo("id");
                    assertThat(e.getMessage()).contains("Row 3", "'id'");
                });
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
    }

    @Test
    void aRowWithTheWrongNumberOfValuesNamesTheRow() {
        assertThatThrownBy(() -> client.copyIn("items", List.of("id", "name"),
                Stream.of(List.of(1, "a"), List.of(2))))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("1 value(s)", "2 column(s)");
                });
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
    }

    @Test
    void aRowTheServerRefusesNamesRowAndColumnInBothFormats() {
        for (CopyOptions.Format format : List.of(CopyOptions.Format.BINARY, CopyOptions.Format.TEXT)) {
            assertThatThrownBy(() -> client.copyIn("items", Item.class, IntStream.range(101, 200)
                    .mapToObj(i -> new Item(i, i == 150 ? null : "n")), CopyOptions.builder().format(format).build()))
                    .as(format.name())
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e.rowNumber()).isEqualTo(50);
                        assertThat(e.sqlState()).isEqualTo("23502");
                    });
            assertThatThrownBy(() -> client.copyIn("items", Item.class, IntStream.range(1, 20)
                    .mapToObj(i -> new Item(i, "n")), CopyOptions.builder().format(format).build()))
                    .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.rowNumber()).isEqualTo(13));
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
        }
    }

    @Test
    void onErrorIgnoreSkipsBadRowsAndReportsHowMany() {
        CopyResult r = client.copyIn("items", List.of("id", "name"),
                Stream.of(List.of("1", "a"), List.of("x", "b"), List.of("3", "c"), List.of("4.5", "d")),
                CopyOptions.builder().onError(CopyOptions.OnError.IGNORE).build());
        assertThat(r).isEqualTo(new CopyResult(2, 2, CopyOptions.Format.TEXT));
        assertThat(client.queryList(Sql.of("SELECT id FROM items ORDER BY id"), Integer.class)).containsExactly(1, 3);
        assertThatThrownBy(() -> CopyOptions.builder().onError(CopyOptions.OnError.IGNORE)
                .format(CopyOptions.Format.BINARY).build()).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void badNamesAndMissingColumnsAreClearErrors() {
        assertThatThrownBy(() -> client.copyIn("items; DROP TABLE items", Item.class, Stream.empty()))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("Not a table name");
        assertThatThrownBy(() -> client.copyIn("no_such_table", Item.class, Stream.empty()))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> client.copyIn("items", List.of("id", "nope"), Stream.empty()))
                .isInstanceOf(FieldMismatchException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> client.copyIn("items", WithPoint.class, Stream.empty()))
                .isInstanceOf(FieldMismatchException.class).hasMessageContaining("spot");
        assertThatThrownBy(() -> client.copyOut(Sql.of("SELECT * FROM items WHERE id = ?", 1), Item.class))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("parameters");
        assertThat(client.copyIn("items", Item.class, Stream.empty()).rowsCopied()).isZero();
    }

    @Test
    void copyOutStreamsClosedEarlyReleaseTheirConnection() {
        client.copyIn("items", Item.class, IntStream.range(0, 5000).mapToObj(i -> new Item(i + 100, "n" + i)));
        for (int i = 0; i < 6; i++) {
            try (Stream<Item> rows = client.copyOut(Sql.of("SELECT * FROM items"), Item.class)) {
                assertThat(rows.limit(3).count()).isEqualTo(3);
            }
        }
        try (Stream<Long> ids = client.copyOut(Sql.of("SELECT id::int8 FROM items"), Long.class)) {
            assertThat(ids.mapToLong(Long::longValue).sum()).isEqualTo(IntStream.range(0, 5000).mapToLong(i -> i + 100)
                    .sum());
        }
    }

    @Test
    void copyRunsInsideATransactionAndRollsBackWithIt() {
        assertThatThrownBy(() -> client.transaction(tx -> {
            tx.copyIn("items", Item.class, Stream.of(new Item(1, "a"), new Item(2, "b")));
            try (Stream<Item> rows = tx.copyOut(Sql.of("SELECT * FROM items ORDER BY id"), Item.class)) {
                assertThat(rows.map(Item::name).collect(Collectors.joining())).isEqualTo("ab");
            }
            assertThat(tx.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isEqualTo(2L);
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
    }

    @Test
    void copyInTakesAnIteratorOnTheClientAndInATransaction() {
        List<Item> items = IntStream.range(0, 3000).mapToObj(i -> new Item(i + 100, "n" + i)).toList();
        assertThat(client.copyIn("items", Item.class, items.iterator()))
                .isEqualTo(new CopyResult(3000, 0, CopyOptions.Format.BINARY));
        client.execute(Sql.of("TRUNCATE items"));
        assertThat(client.copyIn("items", List.of("id", "name"), List.of(List.of(1, "a"), List.of(2, "b")).iterator(),
                CopyOptions.builder().format(CopyOptions.Format.TEXT).build()))
                .isEqualTo(new CopyResult(2, 0, CopyOptions.Format.TEXT));
        assertThatThrownBy(() -> client.transaction(tx -> {
            tx.copyIn("items", Item.class, List.of(new Item(3, "c")).iterator());
            tx.copyIn("items", List.of("id", "name"), List.of(List.of(4, "d")).iterator());
            assertThat(tx.queryList(Sql.of("SELECT name FROM items ORDER BY id"), String.class))
                    .containsExactly("a", "b", "c", "d");
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(client.queryList(Sql.of("SELECT name FROM items ORDER BY id"), String.class))
                .containsExactly("a", "b");
        // A row the server refuses names the row; nothing is kept.
        assertThatThrownBy(() -> client.copyIn("items", Item.class, IntStream.range(100, 1000)
                .mapToObj(i -> new Item(i, i == 110 ? null : "n")).iterator()))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.rowNumber()).isEqualTo(11));
        // A value the client refuses stops the iterator there.
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Iterator<List<Object>> counting = IntStream.range(100, 1000).mapToObj(i -> {
            read.incrementAndGet();
            return List.<Object>of(i == 110 ? "x" : (Object) i, "n");
        }).iterator();
        assertThatThrownBy(() -> client.copyIn("items", List.of("id", "name"), counting))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(11);
                    assertThat(e.column()).isEqualTo("id");
                });
        assertThat(read.get()).isEqualTo(11);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isEqualTo(2L);
        java.util.Iterator<Item> none = null;
        assertThatThrownBy(() -> client.copyIn("items", Item.class, none))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("'rows'");
    }

    @Test
    void copyOutMapsRowsWithALambdaAsQueryDoes() {
        client.copyIn("everything_copy", Everything.class, samples().stream());
        Sql all = Sql.of("SELECT * FROM everything_copy ORDER BY id");
        java.util.function.Function<Row, String> mapper = row -> row.get("id", int.class) + " "
                + row.get("num", BigDecimal.class) + " " + row.get(3, Float.class) + " " + row.get("stamptz",
                java.time.Instant.class) + " " + row.get("day") + " " + row.get("big", Double.class) + " "
                + row.size() + " " + row.label(10);
        List<String> viaQuery = client.queryList(all, mapper);
        assertThat(viaQuery).hasSize(4).first().asString().startsWith("1 -12345678.000001 ");
        for (CopyOptions.Format format : List.of(CopyOptions.Format.AUTO, CopyOptions.Format.TEXT)) {
            try (Stream<String> rows = client.copyOut(all, mapper, CopyOptions.builder().format(format).build())) {
                assertThat(rows.toList()).as(format.name()).isEqualTo(viaQuery);
            }
        }
        List<String> inTx = client.transaction(tx -> {
            try (Stream<String> rows = tx.copyOut(all, mapper)) {
                return rows.toList();
            }
        });
        assertThat(inTx).isEqualTo(viaQuery);
        // The row's errors are those of query's lambdas: a missing label, NULL into a primitive.
        assertThatThrownBy(() -> {
            try (Stream<Object> rows = client.copyOut(all, row -> row.get("nope"))) {
                rows.toList();
            }
        }).isInstanceOf(FieldMismatchException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> {
            try (Stream<Object> rows = client.copyOut(all, row -> row.get("txt", int.class))) {
                rows.toList();
            }
        }).isInstanceOf(io.pgconnector.errors.PostgresException.class);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%' "
                + "AND pid <> pg_backend_pid() AND state = 'active'"), Long.class)).isZero();
    }

    @Test
    void aValueTheServerCannotParseInTextFormatNamesRowAndColumnAndKeepsNothing() {
        // point has a binary codec now; a String for it in text format is parsed by the server.
        assertThatThrownBy(() -> client.copyIn("with_point", List.of("id", "spot"),
                Stream.of(List.of(1, "(1,2)"), List.of(2, "(1,"), List.of(3, "(0,0)")),
                CopyOptions.builder().format(CopyOptions.Format.TEXT).build()))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("spot");
                    assertThat(e.sqlState()).isEqualTo("22P02");
                });
        // In binary format the client converts the String first and refuses it before sending.
        assertThatThrownBy(() -> client.copyIn("with_point", List.of("id", "spot"),
                Stream.of(List.of(1, "(1,2)"), List.of(2, "(1,"))))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("spot");
                });
        // An array element of the wrong type names the row and the array column.
        assertThatThrownBy(() -> client.copyIn("with_point", WithPoint.class,
                Stream.of(new WithPoint(1, null, List.of(1)), new WithPoint(2, null, (List) List.of("x")))))
                .isInstanceOfSatisfying(CopyException.class, e -> {
                    assertThat(e.rowNumber()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("tags");
                });
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM with_point"), Long.class)).isZero();
    }

    @Test
    void batchExecuteUsesBinaryCopyAndNamesAStatementWhoseValueDoesNotFit() {
        // Refused by the client, as the ordinary batch refuses a value it cannot bind.
        Sql insert = Sql.of("INSERT INTO items(id, name) VALUES (?, ?)", null, null);
        List<Sql> batch = IntStream.range(0, 200).mapToObj(i -> insert.withValues(i == 120 ? (Object) 10_000_000_000L
                : (Object) (i + 100), "n" + i)).toList();
        assertThatThrownBy(() -> client.batchExecute(batch)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("Statement 120").hasMessageContaining("parameter 1");
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM items"), Long.class)).isZero();
        // Strings for an int column keep the batch in text format, where the server parses them.
        assertThat(client.batchExecute("INSERT INTO items(id, name) VALUES (?, ?)",
                IntStream.range(0, 100).mapToObj(i -> List.of(String.valueOf(i + 100), "n")))).hasSize(100);
        // So do strings in an array: the server refuses what Java's lenient UUID.fromString would take.
        client.execute(Sql.of("CREATE TABLE IF NOT EXISTS uuids (id int, u uuid[])"));
        assertThatThrownBy(() -> client.batchExecute("INSERT INTO uuids(id, u) VALUES (?, ?)",
                IntStream.range(0, 100).mapToObj(i -> List.of(i, List.of("1-2-3-4-5")))))
                .isInstanceOf(BatchExecuteException.class).hasMessageContaining("uuid");
        // Typed arrays go in binary and arrive whole.
        client.batchExecute("INSERT INTO uuids(id, u) VALUES (?, ?)",
                IntStream.range(0, 100).mapToObj(i -> List.of(i, Arrays.asList(new UUID(0, i), null))));
        assertThat(client.queryRow(Sql.of("SELECT u FROM uuids WHERE id = 7"), List.class))
                .containsExactly(new UUID(0, 7), null);
    }
}
