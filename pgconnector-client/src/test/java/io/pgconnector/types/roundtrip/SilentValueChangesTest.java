package io.pgconnector.types.roundtrip;

import io.pgconnector.client.BatchExecuteException;
import io.pgconnector.client.BatchStatementResult;
import io.pgconnector.errors.ConversionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Box;
import io.pgconnector.types.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that used to change silently on their way to the server or back (issue #21, items 1-8). */
@WithPostgres
@Timeout(60)
class SilentValueChangesTest {
    /** 4714-11-24 BC, the first day PostgreSQL's date type holds (ISO year -4713). */
    private static final LocalDate FIRST_DAY = LocalDate.of(-4713, 11, 24);

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE early (d date, ts timestamp, tstz timestamptz)"));
        client.execute(Sql.of("CREATE TABLE tagged (id int, tags varchar(20)[], codes char(2)[])"));
        client.execute(Sql.of("CREATE TABLE counted (id int PRIMARY KEY, n int)"));
        client.execute(Sql.of("CREATE TABLE notes (id int, body text)"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void dateInFirstDaysOf4714BcIsNotSentAsMinusInfinity() {
        for (LocalDate d : List.of(FIRST_DAY, LocalDate.of(-4713, 12, 31), LocalDate.of(-4712, 1, 1))) {
            assertThat(client.queryRow(Sql.of("SELECT ?::date::text", d), String.class)).as(d.toString())
                    .isEqualTo(d.getDayOfMonth() == 1 ? "4713-01-01 BC" : d.getDayOfMonth() == 24
                            ? "4714-11-24 BC" : "4714-12-31 BC");
            assertThat(client.queryRow(Sql.of("SELECT ?::date", d), LocalDate.class)).isEqualTo(d);
        }
        assertThat(client.queryRow(Sql.of("SELECT ?::date::text", LocalDate.MIN), String.class))
                .isEqualTo("-infinity");
    }

    @Test
    void timestampsInFirstDaysOf4714BcAreNotSentAsMinusInfinity() {
        LocalDateTime ts = FIRST_DAY.atTime(0, 0, 1);
        OffsetDateTime tstz = ts.atOffset(ZoneOffset.UTC);
        client.execute(Sql.of("INSERT INTO early VALUES (?, ?, ?)", FIRST_DAY, ts, tstz));
        assertThat(client.queryRow(Sql.of("SELECT d::text || '|' || ts::text || '|' || (tstz AT TIME ZONE 'UTC')::text"
                + " FROM early"), String.class))
                .isEqualTo("4714-11-24 BC|4714-11-24 00:00:01 BC|4714-11-24 00:00:01 BC");
        assertThat(client.queryRow(Sql.of("SELECT ts FROM early"), LocalDateTime.class)).isEqualTo(ts);
        assertThat(client.queryRow(Sql.of("SELECT tstz FROM early"), OffsetDateTime.class)).isEqualTo(tstz);
        assertThat(client.queryRow(Sql.of("SELECT ?::timestamp = ?::timestamp", ts, LocalDateTime.MIN),
                Boolean.class)).isFalse();
    }

    @Test
    void canonicalDateRangeKeepsAnInclusiveInfiniteUpperBound() {
        LocalDate d = LocalDate.of(2026, 1, 1);
        Range<LocalDate> closed = Range.closed(d, LocalDate.MAX);
        assertThat(closed.canonical().toString()).isEqualTo("[2026-01-01,infinity]");
        assertThat(client.queryRow(Sql.of("SELECT ?::daterange", closed), Range.class))
                .isEqualTo(closed.canonical());
        Range<LocalDate> fromMinusInfinity = Range.of(LocalDate.MIN, false, d, true);
        assertThat(client.queryRow(Sql.of("SELECT ?::daterange", fromMinusInfinity), Range.class))
                .isEqualTo(fromMinusInfinity.canonical());
    }

    @Test
    void boxArrayOfOnlyNullsUsesTheBoxDelimiter() {
        assertThat(client.queryRow(Sql.of("SELECT array_length(?::box[], 1)", Arrays.asList(null, null)),
                Integer.class)).isEqualTo(2);
        assertThat(client.queryRow(Sql.of("SELECT array_length(?::box[], 1)", (Object) new Box[2]),
                Integer.class)).isEqualTo(2);
    }

    @Test
    void failedJdbcBatchReportsUnknownCountsAsMinusOneAndKnownCountsOfEarlierChunks() {
        client.execute(Sql.of("INSERT INTO counted SELECT g, 0 FROM generate_series(1, 10) g"));
        Sql update = Sql.of("UPDATE counted SET n = n + 1 / ? WHERE id <= ?", 1, 0);
        List<Sql> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(update.withValues(1, 3));
        }
        batch.add(update.withValues(1, 5));
        batch.add(update.withValues(0, 1));
        batch.add(update.withValues(1, 1));
        assertThatThrownBy(() -> client.batchExecute(batch))
                .isInstanceOfSatisfying(BatchExecuteException.class, e -> {
                    assertThat(e.results().get(999).affectedRowCount()).isEqualTo(3L);
                    assertThat(e.results().subList(1000, 1003)).extracting(BatchStatementResult::status,
                            BatchStatementResult::affectedRowCount).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(BatchStatementResult.Status.SUCCEEDED, -1L),
                            org.assertj.core.groups.Tuple.tuple(BatchStatementResult.Status.FAILED, 0L),
                            org.assertj.core.groups.Tuple.tuple(BatchStatementResult.Status.NOT_EXECUTED, 0L));
                });
        assertThat(client.queryRow(Sql.of("SELECT sum(n) FROM counted"), Long.class)).isZero();
    }

    @Test
    void unpairedSurrogateIsAnErrorNamingTheParameterAndStoresNothing() {
        String broken = "ab\uD800cd";
        assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO notes VALUES (?, ?)", 1, broken)))
                .isInstanceOf(ConversionException.class).hasMessageContaining("Parameter 2")
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO notes VALUES (?, ?)", 2,
                List.of("ok", "x\uDC00"))))
                .isInstanceOf(ConversionException.class).hasMessageContaining("Parameter 2");
        List<Sql> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(Sql.of("INSERT INTO notes VALUES (?, ?)", i, i == 70 ? broken : "fine"));
        }
        assertThatThrownBy(() -> client.batchExecute(rows)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("Statement 70").hasMessageContaining("parameter 2").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> client.batchExecute(rows.subList(60, 80))).isInstanceOf(ConversionException.class)
                .hasMessageContaining("Parameter 2");
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM notes"), Long.class)).isZero();
        client.execute(Sql.of("INSERT INTO notes VALUES (?, ?)", 3, "pair \uD83D\uDE00 ok"));
        assertThat(client.queryRow(Sql.of("SELECT body FROM notes WHERE id = 3"), String.class))
                .isEqualTo("pair \uD83D\uDE00 ok");
    }

    @Test
    void stringArrayComparesWithVarcharArrayColumn() {
        client.execute(Sql.of("INSERT INTO tagged VALUES (1, ?, ?)", List.of("a", "b"), new String[] {"xy"}));
        assertThat(client.queryRow(Sql.of("SELECT id FROM tagged WHERE tags = ?", (Object) new String[] {"a", "b"}),
                Integer.class)).isEqualTo(1);
        assertThat(client.queryRow(Sql.of("SELECT id FROM tagged WHERE tags = ? AND codes = ?", List.of("a", "b"),
                List.of("xy")), Integer.class)).isEqualTo(1);
        assertThat(client.queryRow(Sql.of("SELECT ?::text", List.of("a", "b c")), String.class))
                .isEqualTo("{a,\"b c\"}");
    }

    record Booking(int id, Range<LocalDate> during) {
    }

    record Span(int id, Range<Long> during) {
    }

    @Test
    void int4rangeIntoRangeOfLocalDateIsATypeMismatchBeforeAnyRowIsRead() {
        assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT 1 AS id, int4range(1, 5) AS during"), Booking.class))
                .isInstanceOf(io.pgconnector.errors.TypeMismatchException.class)
                .hasMessageContaining("'during'").hasMessageContaining("int4range")
                .hasMessageContaining("Range<java.time.LocalDate>");
        assertThat(client.queryRow(Sql.of("SELECT 1 AS id, int4range(1, 5) AS during"), Span.class).during())
                .isEqualTo(Range.closedOpen(1L, 5L));
    }
}
