package io.pgconnector.client;

import io.pgconnector.errors.InvalidStatementException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class NamedParametersTest {
    record Filter(String customer, BigDecimal min, String unused) {
    }

    static PostgresClient client;

    @BeforeAll
    static void setUp(PostgresDatabase db) {
        client = TestClients.client(db);
        client.execute(Sql.of("CREATE TABLE items (id int PRIMARY KEY, customer text, total numeric, doc jsonb)"));
        client.execute(Sql.of("INSERT INTO items VALUES (1, 'Ada', 10, '{\"a\": 1}'), (2, 'Ada', 50, '{}'), "
                + "(3, 'Bob', 70, '{}')"));
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    @Test
    void bindsFromAMapAndRepeatsANameAsOften() {
        Sql sql = Sql.named("SELECT count(*) FROM items WHERE customer = :who AND (total > :min OR :min IS NULL)",
                Map.of("who", "Ada", "min", 20));
        assertThat(sql.text()).isEqualTo("SELECT count(*) FROM items WHERE customer = ? AND (total > ? OR ? IS NULL)");
        assertThat(sql.values()).containsExactly("Ada", 20, 20);
        assertThat(client.queryRow(sql, Long.class)).isEqualTo(1L);
    }

    @Test
    void nullValuesAndInListsAreValues() {
        Map<String, Object> values = new HashMap<>();
        values.put("ids", Sql.in(List.of(1, 3)));
        values.put("none", null);
        assertThat(client.queryList(Sql.named("SELECT id FROM items WHERE id IN :ids AND :none::text IS NULL "
                + "ORDER BY id", values), Integer.class)).containsExactly(1, 3);
    }

    @Test
    void bindsFromARecordsComponentsIgnoringUnusedOnes() {
        Filter f = new Filter("Ada", new BigDecimal("20"), "ignored");
        assertThat(client.queryList(Sql.named("SELECT id FROM items WHERE customer = :customer AND total > :min", f),
                Integer.class)).containsExactly(2);
    }

    @Test
    void castsStringsCommentsQuotedNamesAndDollarQuotesAreNotParameters() {
        Sql sql = Sql.named("SELECT ':no' AS \":nope\", $$ :no $$ AS d, $t$:no$t$ AS e, :yes::text AS y -- :no\n"
                + "/* :no */", Map.of("yes", "v"));
        assertThat(sql.values()).containsExactly("v");
        Map<String, Object> row = client.queryRow(sql);
        assertThat(row).containsEntry(":nope", ":no").containsEntry("d", " :no ").containsEntry("e", ":no")
                .containsEntry("y", "v");
    }

    @Test
    void jsonbQuestionMarkOperatorStaysAnOperator() {
        assertThat(client.queryList(Sql.named("SELECT id FROM items WHERE doc ?? :key", Map.of("key", "a")),
                Integer.class)).containsExactly(1);
    }

    @Test
    void missingNameIsAClearError() {
        assertThatThrownBy(() -> Sql.named("SELECT * FROM items WHERE id = :id AND customer = :who",
                Map.of("id", 1)))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining(":who");
        assertThatThrownBy(() -> Sql.named("SELECT * FROM items WHERE id = :nope", new Filter("a", null, null)))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining(":nope")
                .hasMessageContaining("customer");
    }

    @Test
    void unusedNameIsAClearError() {
        assertThatThrownBy(() -> Sql.named("SELECT * FROM items WHERE id = :id", Map.of("id", 1, "idd", 2)))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("[idd]");
    }

    @Test
    void mixingNamedParametersWithQuestionMarksIsInvalid() {
        assertThatThrownBy(() -> Sql.named("SELECT * FROM items WHERE id = :id AND customer = ?", Map.of("id", 1)))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("mixes");
    }
}
