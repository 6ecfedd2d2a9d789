package io.pgconnector.types.roundtrip;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.client.TestClients;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.mapping.Column;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.Point;
import io.pgconnector.types.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Enum and composite types: Java enums by name, {@code @PgType} enums and records, nesting, arrays, NULL. */
@WithPostgres
@Timeout(60)
class UserDefinedTypesTest {
    static PostgresClient client;

    /** Not annotated: sent untyped by name, the server infers the enum type from the column. */
    enum Mood { sad, ok, happy }

    @PgType("mood")
    enum TypedMood { sad, ok, @Column("happy") HAPPY }

    @PgType("address")
    record Address(String street, String city, Point location) {
    }

    @PgType("shop.customer")
    record Customer(String name, Address home, List<Address> others, TypedMood mood, BigDecimal credit,
            Range<LocalDate> membership, OffsetDateTime since) {
    }

    record Row(int id, Mood mood, TypedMood typedMood, String moodText, List<Mood> moods, Customer customer,
            List<Customer> customers) {
    }

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"));
        client.execute(Sql.of("CREATE TYPE address AS (street text, city text, location point)"));
        client.execute(Sql.of("CREATE SCHEMA shop"));
        client.execute(Sql.of("CREATE TYPE shop.customer AS (name text, home address, others address[], "
                + "mood mood, credit numeric, membership daterange, since timestamptz)"));
        client.execute(Sql.of("CREATE TABLE people (id int PRIMARY KEY, mood mood, typed_mood mood, mood_text mood, "
                + "moods mood[], customer shop.customer, customers shop.customer[])"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void enumsAndCompositesRoundTripIntoRecords() {
        Address home = new Address("1 Main St, \"Apt\" 2\\b", "Zürich", Point.of(8.5, 47.4));
        Address empty = new Address("", null, null);
        Customer ada = new Customer("Ada (the first)", home, Arrays.asList(empty, null, home), TypedMood.HAPPY,
                new BigDecimal("-1000.50"), Range.closedOpen(LocalDate.of(1960, 1, 1), LocalDate.of(2040, 1, 1)),
                OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999999000, ZoneOffset.UTC));
        Customer bare = new Customer("b", null, List.of(), null, null, Range.empty(), null);
        Row in = new Row(1, Mood.happy, TypedMood.HAPPY, "sad", Arrays.asList(Mood.ok, null), ada,
                Arrays.asList(ada, null, bare));

        client.execute(Sql.of("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", in.id(), in.mood(), in.typedMood(),
                in.moodText(), in.moods(), in.customer(), in.customers()));

        assertThat(client.queryRow(Sql.of("SELECT * FROM people WHERE id = 1"), Row.class)).isEqualTo(in);
        assertThat(client.queryRow(Sql.of("SELECT customer FROM people WHERE id = 1"), Customer.class))
                .isEqualTo(ada);
        assertThat(client.queryRow(Sql.of("SELECT typed_mood FROM people WHERE id = 1"), TypedMood.class))
                .isEqualTo(TypedMood.HAPPY);
        assertThat(client.queryRow(Sql.of("SELECT mood FROM people WHERE id = 1"), String.class)).isEqualTo("happy");
        // Enums and composites have no natural Java type: a Map holds their text (arrays: a List of texts).
        Map<String, Object> map = client.queryRow(Sql.of("SELECT mood, moods, (customer).home FROM people WHERE id = 1"));
        assertThat(map.get("mood")).isEqualTo("happy");
        assertThat(map.get("moods")).isEqualTo(Arrays.asList("ok", null));
        assertThat(map.get("home")).isEqualTo("(\"1 Main St, \"\"Apt\"\" 2\\\\b\",Zürich,\"(8.5,47.4)\")");
    }

    @Test
    void enumAndCompositeParametersInWhereClauses() {
        client.execute(Sql.of("INSERT INTO people (id, mood, moods, customer) VALUES (2, 'ok', '{sad}', "
                + "ROW('c', ROW('s', 'c', '(1,2)')::address, '{}', 'sad', 1, 'empty', NULL)::shop.customer)"));
        assertThat(client.queryRow(Sql.of("SELECT id FROM people WHERE mood = ?", Mood.ok), Integer.class))
                .isEqualTo(2);
        assertThat(client.queryRow(Sql.of("SELECT id FROM people WHERE mood = ?", TypedMood.ok), Integer.class))
                .isEqualTo(2);
        assertThat(client.queryRow(Sql.of("SELECT id FROM people WHERE mood = ?", "ok"), Integer.class))
                .isEqualTo(2);
        assertThat(client.queryRow(Sql.of("SELECT id FROM people WHERE ? = ANY(moods)", TypedMood.sad),
                Integer.class)).isEqualTo(2);
        assertThat(client.queryRow(Sql.of("SELECT id FROM people WHERE moods = ?", List.of(TypedMood.sad)),
                Integer.class)).isEqualTo(2);
        // point has no = operator, so neither has address: compare the text forms.
        assertThat(client.queryRow(Sql.of("SELECT id FROM people WHERE (customer).home::text = CAST(? AS address)::text",
                new Address("s", "c", Point.of(1, 2))), Integer.class)).isEqualTo(2);
        assertThat(client.queryRow(Sql.of("SELECT ?::text", TypedMood.HAPPY), String.class)).isEqualTo("happy");
    }

    @Test
    void nullEnumsAndComposites() {
        client.execute(Sql.of("INSERT INTO people (id, mood, typed_mood, customer, customers) VALUES "
                + "(3, ?, ?, ?, ?)", null, null, null, null));
        Row row = client.queryRow(Sql.of("SELECT * FROM people WHERE id = 3"), Row.class);
        assertThat(row).isEqualTo(new Row(3, null, null, null, null, null, null));
        assertThat(client.queryRow(Sql.of("SELECT customer FROM people WHERE id = 3"), Customer.class)).isNull();
    }
}
