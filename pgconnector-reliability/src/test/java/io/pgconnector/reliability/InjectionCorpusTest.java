package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Promise 5 (injection): hostile strings bound as parameters are data, never SQL. Each string of the corpus is
 * inserted (alone, in a batch and in a transaction), found again by equality, in an {@code IN} list and with
 * {@code LIKE}, and read back verbatim; the table and its row count are intact afterwards. A NUL character, which
 * PostgreSQL text cannot hold, gives a clear {@link DatabaseException} instead.
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(120)
class InjectionCorpusTest {

    static List<String> corpus() {
        List<String> base = List.of(
                "'", "''", "\"", "`", "\\", "\\'", "\\\\'", "'; DROP TABLE victims; --", "\"; DROP TABLE victims; --",
                "'); DROP TABLE victims; --", "' OR '1'='1", "' OR 1=1 --", "1 OR 1=1", "1; DELETE FROM victims",
                "admin'--", "admin' #", "' UNION SELECT usename, passwd FROM pg_shadow --", "/*", "*/", "/* */'",
                "-- comment", "--", "#", ";", ";;", "$$", "$$; DROP TABLE victims; $$", "$tag$", "$tag$ x $tag$",
                "$1", "$1::text", "?", "??", "? OR ?", ":name", "E'\\x27'", "E'\\''", "U&'\\0027'", "U&\"\\0027\"",
                "'||pg_sleep(10)||'", "'; SELECT pg_sleep(10); --", "1; COPY victims TO PROGRAM 'id'",
                "\u2019; DROP TABLE victims; --", "\u2018", "\u2019", "\u201c", "\u201d", "\u02bc", "\uff07",
                "\uff02", "\u275b", "\u0060", "\u00b4", "\u2032", "\u055a", "\\x00", "\\0", "%", "_", "%_%", "\\%",
                "\r\n'; DROP TABLE victims; --\r\n", "\t", "line1\nline2", "\u001b[31mred", "\u0001\u0002\u001f",
                "\ud83d\udca3'; DROP TABLE victims; --", "\u202e'; DROP TABLE victims; --", "\ufeff'",
                "NULL", "null", "\\N", "{}", "{\"a\":\"'\"}", "(,)", "ROW('a')", "' AND 1=CAST((SELECT 1) AS int) --",
                "SET ROLE postgres", "RESET ALL; '", "\\set x 1", "\\! rm -rf /", "\\copy victims to 'x'",
                "a'b\"c\\d$e$f;g--h/*i*/j", "'".repeat(1000), "\\".repeat(999), "$".repeat(500),
                "x".repeat(100_000) + "'; DROP TABLE victims; --");
        Set<String> all = new LinkedHashSet<>(base);
        // Each hostile piece after an innocent prefix and before a suffix, as it would arrive inside a form field.
        for (String s : base.subList(0, 40)) {
            all.add("O'Brien " + s + " end");
        }
        return new ArrayList<>(all);
    }

    @Test
    void hostileStringsBoundAsParametersAreStoredAndReadBackVerbatim(EmbeddedPostgres server) {
        PostgresDatabase db = Secrets.appDatabase(server, "injection");
        List<String> corpus = corpus();
        try (PostgresClient client = Secrets.builder(db, ClientOptions.defaults()).build()) {
            client.execute(Sql.of("CREATE TABLE victims(id int PRIMARY KEY, v text NOT NULL, j jsonb)"));
            for (int i = 0; i < corpus.size(); i++) {
                String s = corpus.get(i);
                assertThat(client.execute(Sql.of("INSERT INTO victims(id, v) VALUES (?, ?)", i, s))
                        .affectedRowCount()).isEqualTo(1);
            }
            for (int i = 0; i < corpus.size(); i++) {
                String s = corpus.get(i);
                assertThat(client.queryRow(Sql.of("SELECT v FROM victims WHERE id = ?", i), String.class))
                        .as("row %d", i).isEqualTo(s);
                assertThat(client.queryRow(Sql.of("SELECT id FROM victims WHERE v = ?", s), Integer.class))
                        .as("found by value %d", i).isEqualTo(i);
                assertThat(client.queryRow(Sql.of("SELECT count(*)::int FROM victims WHERE v LIKE ? ESCAPE ''", s),
                        Integer.class)).as("LIKE %d", i).isPositive();
                assertThat(client.queryRow(Sql.of("SELECT ?::text = ?", s, s), Boolean.class)).isTrue();
            }
            List<Integer> inList;
            try (Stream<Integer> ids = client.query(Sql.of("SELECT id FROM victims WHERE v IN ? ORDER BY id",
                    Sql.in(corpus)), Integer.class)) {
                inList = ids.collect(Collectors.toList());
            }
            assertThat(inList).hasSize(corpus.size());

            // The same corpus through a batch and a transaction, and as JSON string values.
            List<Sql> batch = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                batch.add(Sql.of("UPDATE victims SET j = jsonb_build_object('v', ?::text) WHERE id = ?",
                        corpus.get(i), i));
            }
            assertThat(client.batchExecute(batch)).hasSize(corpus.size());
            client.transaction(tx -> {
                for (int i = 0; i < corpus.size(); i++) {
                    tx.execute(Sql.of("INSERT INTO victims(id, v) VALUES (?, ?)", 100_000 + i, corpus.get(i)));
                }
                return null;
            });
            try (Stream<Map<String, Object>> rows = client.query(Sql.of(
                    "SELECT id, v, j->>'v' AS jv FROM victims WHERE id < 100000 ORDER BY id"))) {
                rows.forEach(r -> {
                    int i = (Integer) r.get("id");
                    assertThat(r.get("v")).isEqualTo(corpus.get(i));
                    assertThat(r.get("jv")).isEqualTo(corpus.get(i));
                });
            }
            assertThat(client.queryRow(Sql.of("SELECT count(*)::int FROM victims"), Integer.class))
                    .isEqualTo(2 * corpus.size());
            assertThat(client.queryRow(Sql.of("SELECT to_regclass('victims') IS NOT NULL"), Boolean.class)).isTrue();
            assertThat(client.queryRow(Sql.of("SELECT current_user"), String.class)).isEqualTo(Secrets.ROLE);

            for (String nul : List.of("\u0000", "a\u0000b", "'\u0000; DROP TABLE victims; --")) {
                assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO victims(id, v) VALUES (?, ?)", -1, nul)))
                        .isInstanceOfSatisfying(DatabaseException.class, e -> {
                            // The server refuses it: 22021 invalid byte sequence for encoding "UTF8": 0x00.
                            assertThat(e.sqlState()).startsWith("22");
                            assertThat(e.getMessage()).containsAnyOf("0x00", "zero bytes");
                        });
            }
            assertThat(client.queryRow(Sql.of("SELECT count(*)::int FROM victims"), Integer.class))
                    .isEqualTo(2 * corpus.size());
            System.out.printf("[figures] injection corpus: %d strings, each bound %d ways; %d NUL strings refused%n",
                    corpus.size(), 8, 3);
        }
    }
}
