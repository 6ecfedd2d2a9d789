package io.pgconnector.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.client.OutParameter;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Range;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client on each server major: the server is the one expected, and values, batches and procedures work. */
@WithPostgres(settings = ServerMajor.SETTINGS)
@Timeout(60)
class ClientCompatTest {
    static PostgresClient client;

    @BeforeAll
    static void connect(PostgresDatabase db) {
        client = PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void theServerIsTheMajorThisRunIsFor(EmbeddedPostgres server) {
        int num = client.queryRow(Sql.of("SELECT current_setting('server_version_num')::int"), Integer.class);
        assertThat(num / 10000).as("server %s", server.serverVersion()).isEqualTo(ServerMajor.expected());
        assertThat(server.serverVersion()).startsWith(ServerMajor.expected() + ".");
    }

    record Values(BigDecimal amount, OffsetDateTime at, UUID id, Jsonb doc, Interval pause, Range<Integer> span,
            List<String> tags) {
    }

    @Test
    void valuesRoundTripAsParametersAndColumns() {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 1, 12, 30, 15, 123_456_000, ZoneOffset.UTC);
        Values v = client.queryRow(Sql.of("SELECT ?::numeric AS amount, ?::timestamptz AS at, ? AS id, "
                + "?::jsonb AS doc, ?::interval AS pause, ?::int4range AS span, ?::text[] AS tags",
                new BigDecimal("12345.678"), at, id, Jsonb.of("{\"a\": [1, 2]}"), Interval.parse("1 day 02:03:04"),
                Range.of(1, true, 10, false), List.of("x", "y")), Values.class);
        assertThat(v.amount()).isEqualByComparingTo("12345.678");
        assertThat(v.at().toInstant()).isEqualTo(at.toInstant());
        assertThat(v.id()).isEqualTo(id);
        assertThat(v.doc().toString()).contains("\"a\"");
        assertThat(v.pause()).isEqualTo(Interval.parse("1 day 02:03:04"));
        assertThat(v.span()).isEqualTo(Range.of(1, true, 10, false));
        assertThat(v.tags()).containsExactly("x", "y");
        // jsonb compared with an integer parameter: a known trap on every version.
        assertThat(client.queryRow(Sql.of("SELECT '{\"n\": 5}'::jsonb -> 'n' = to_jsonb(?::int)", 5), Boolean.class))
                .isTrue();
    }

    @Test
    void batchesThroughCopyAndProceduresWithOutArguments() {
        client.execute(Sql.of("CREATE TABLE compat_items (id int PRIMARY KEY, name text)"));
        List<Sql> inserts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inserts.add(Sql.of("INSERT INTO compat_items (id, name) VALUES (?, ?)", i, "item " + i));
        }
        assertThat(client.batchExecute(inserts)).hasSize(200);
        assertThat(client.queryRow(Sql.of("SELECT count(*) FROM compat_items"), Long.class)).isEqualTo(200L);

        // OUT arguments of procedures: PostgreSQL 14+, the oldest major tested.
        client.execute(Sql.of("CREATE PROCEDURE compat_count(prefix text, OUT n bigint) LANGUAGE sql AS "
                + "$$ SELECT count(*) FROM compat_items WHERE name LIKE prefix || '%' $$"));
        OutParameter<Long> n = OutParameter.of(Long.class);
        try (ProcedureCallResult r = client.call(Sql.of("CALL compat_count(?, ?)", "item 1", n))) {
            assertThat(n.get()).isEqualTo(111L); // item 1, item 10-19, item 100-199
        }
    }
}
