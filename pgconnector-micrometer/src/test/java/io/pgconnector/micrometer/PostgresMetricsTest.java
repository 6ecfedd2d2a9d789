package io.pgconnector.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.pgconnector.errors.NoRowsException;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operation and pool meters and Observations of a client, read from a real registry after real calls. */
@WithPostgres
@Timeout(120)
class PostgresMetricsTest {

    static PostgresClient.Builder builder(PostgresDatabase db) {
        return PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password())
                .pool(PoolOptions.builder().poolName("metrics-test").maxOpenConnections(2).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(10)).build());
    }

    @Test
    void timersCountOperationsByVerbOutcomeAndSqlStateClassAndPoolMetersAppear(PostgresDatabase db) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PostgresClient client = builder(db).observer(PostgresMetrics.of(registry)).build()) {
            client.execute(Sql.of("CREATE TABLE m (id int PRIMARY KEY)"));
            client.batchExecute(List.of(Sql.of("INSERT INTO m VALUES (?)", 1), Sql.of("INSERT INTO m VALUES (?)", 2),
                    Sql.of("INSERT INTO m VALUES (?)", 3)));
            client.queryRow(Sql.of("SELECT count(*) FROM m"), Long.class);
            assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO m VALUES (?)", 1)))
                    .isInstanceOf(PostgresException.class);
            assertThatThrownBy(() -> client.queryRow(Sql.of("SELECT id FROM m WHERE id = ?", 99), Integer.class))
                    .isInstanceOf(NoRowsException.class);
            client.transaction(tx -> tx.execute(Sql.of("DELETE FROM m WHERE id = ?", 3)));

            assertThat(timer(registry, "execute", "success", "00").count()).isEqualTo(2);
            assertThat(timer(registry, "execute", "error", "23").count()).isEqualTo(1);
            assertThat(timer(registry, "queryRow", "success", "00").count()).isEqualTo(1);
            assertThat(timer(registry, "queryRow", "error", "02").count()).isEqualTo(1);
            assertThat(timer(registry, "batchExecute", "success", "00").count()).isEqualTo(1);
            assertThat(timer(registry, "transaction", "success", "00").count()).isEqualTo(1);
            assertThat(timer(registry, "execute", "error", "23").getId().getTag("error"))
                    .isEqualTo("DatabaseException");
            assertThat(registry.get(OperationMetrics.BATCH_ROWS).summary().totalAmount()).isEqualTo(3);
            Timer t = timer(registry, "execute", "success", "00");
            assertThat(t.getId().getTag("db.namespace")).isEqualTo(db.database());
            assertThat(t.getId().getTag("server.port")).isEqualTo(Integer.toString(db.port()));
            assertThat(t.getId().getTag("db.query.text")).isNull();

            assertThat(registry.get("hikaricp.connections.max").tag("pool", "metrics-test").gauge().value())
                    .isEqualTo(2);
        }
    }

    @Test
    void observationPerOperationFollowsOpenTelemetryDatabaseConventions(PostgresDatabase db) {
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = recording(stopped);
        try (PostgresClient client = builder(db).observer(PostgresMetrics.builder(new SimpleMeterRegistry())
                .observationRegistry(observations).build()).build()) {
            client.queryRow(Sql.of("SELECT ?::int", 5), Integer.class);
            assertThatThrownBy(() -> client.execute(Sql.of("SELECT * FROM no_such_table")))
                    .isInstanceOf(PostgresException.class);
        }
        assertThat(stopped).hasSize(2);
        Observation.Context ok = stopped.get(0);
        assertThat(ok.getName()).isEqualTo(OperationMetrics.OBSERVATION);
        assertThat(ok.getContextualName()).isEqualTo("queryRow " + db.database());
        assertThat(value(ok, "db.system.name")).isEqualTo("postgresql");
        assertThat(value(ok, "db.namespace")).isEqualTo(db.database());
        assertThat(value(ok, "db.operation.name")).isEqualTo("queryRow");
        assertThat(value(ok, "server.address")).isEqualTo(db.host());
        assertThat(value(ok, "server.port")).isEqualTo(Integer.toString(db.port()));
        assertThat(value(ok, "outcome")).isEqualTo("success");
        assertThat(ok.getHighCardinalityKeyValue("db.query.text")).isNull();
        Observation.Context failed = stopped.get(1);
        assertThat(value(failed, "db.response.status_code")).isEqualTo("42P01");
        assertThat(failed.getError()).hasMessage("DatabaseException (SQLSTATE 42P01)");
    }

    @Test
    void noParameterValueOrPasswordReachesAnyMeterTagOrSpanEvenWithSqlText(PostgresDatabase db) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        String secretValue = "s3cr3t-value-4711";
        String password = "pw-k7Qz-93xv";
        try (PostgresClient admin = builder(db).build()) {
            admin.execute(Sql.of("CREATE ROLE metrics_user LOGIN PASSWORD '" + password + "'"));
            admin.execute(Sql.of("GRANT ALL ON SCHEMA public TO metrics_user"));
        }
        try (PostgresClient client = builder(db).username("metrics_user").password(password).observer(PostgresMetrics.builder(registry)
                .observationRegistry(recording(stopped)).recordSqlText(true).build()).build()) {
            client.execute(Sql.of("CREATE TABLE s (id int PRIMARY KEY, v text)"));
            client.execute(Sql.of("INSERT INTO s VALUES (?, ?)", 1, secretValue));
            client.queryRow(Sql.of("SELECT id FROM s WHERE v = ?", secretValue), Integer.class);
            // The server quotes the duplicate key in its message; neither tags nor spans may carry it.
            assertThatThrownBy(() -> client.execute(Sql.of("INSERT INTO s VALUES (?, ?)", 1, secretValue)))
                    .hasMessageContaining("already exists");
            client.batchExecute(List.of(Sql.of("INSERT INTO s VALUES (?, ?)", 2, secretValue)));
            client.transaction(tx -> tx.queryRow(Sql.of("SELECT v FROM s WHERE id = ?", 2), String.class));
        }
        List<String> recorded = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            recorded.add(m.getId().getName());
            for (Tag tag : m.getId().getTags()) {
                recorded.add(tag.getKey() + "=" + tag.getValue());
            }
        }
        for (Observation.Context c : stopped) {
            recorded.add(c.getName() + " " + c.getContextualName());
            c.getAllKeyValues().forEach(kv -> recorded.add(kv.getKey() + "=" + kv.getValue()));
            if (c.getError() != null) {
                recorded.add(String.valueOf(c.getError().getMessage()));
            }
        }
        assertThat(recorded).anySatisfy(s -> assertThat(s).contains("INSERT INTO s VALUES (?, ?)"));
        assertThat(recorded).noneSatisfy(s -> assertThat(s).contains(secretValue));
        assertThat(recorded).noneSatisfy(s -> assertThat(s).contains(password));
        assertThat(recorded).noneSatisfy(s -> assertThat(s).contains("(1)"));
    }

    @Test
    void eachTimerIsRegisteredOnceAndCountsEveryCallOfItsVerbOutcomeAndStatement(PostgresDatabase db) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PostgresClient client = builder(db).observer(PostgresMetrics.builder(registry).recordSqlText(true)
                .build()).build()) {
            for (int i = 0; i < 3; i++) {
                client.queryRow(Sql.of("SELECT ?::int", i), Integer.class);
                assertThatThrownBy(() -> client.execute(Sql.of("SELECT * FROM no_such_table")))
                        .isInstanceOf(PostgresException.class);
            }
            client.queryRow(Sql.of("SELECT ?::int + 1", 1), Integer.class);
        }
        assertThat(registry.get(OperationMetrics.TIMER).tag("verb", "queryRow").tag("db.query.text", "SELECT ?::int")
                .timer().count()).isEqualTo(3);
        assertThat(registry.get(OperationMetrics.TIMER).tag("verb", "queryRow")
                .tag("db.query.text", "SELECT ?::int + 1").timer().count()).isEqualTo(1);
        assertThat(registry.get(OperationMetrics.TIMER).tag("verb", "execute").tag("outcome", "error").timers())
                .singleElement().satisfies(t -> {
                    assertThat(t.count()).isEqualTo(3);
                    assertThat(t.getId().getTag("sqlstate.class")).isEqualTo("42");
                });
    }

    @Test
    void handlersAddedToTheObservationRegistryAfterTheClientWasBuiltSeeItsOperations(PostgresDatabase db) {
        ObservationRegistry observations = ObservationRegistry.create();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        try (PostgresClient client = builder(db).observer(PostgresMetrics.builder(new SimpleMeterRegistry())
                .observationRegistry(observations).build()).build()) {
            client.queryRow(Sql.of("SELECT 1"), Integer.class);
            observations.observationConfig().observationHandler(recorder(stopped));
            client.queryRow(Sql.of("SELECT 2"), Integer.class);
        }
        assertThat(stopped).singleElement().satisfies(c -> assertThat(value(c, "outcome")).isEqualTo("success"));
    }

    private static ObservationRegistry recording(List<Observation.Context> stopped) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(recorder(stopped));
        return registry;
    }

    private static ObservationHandler<Observation.Context> recorder(List<Observation.Context> stopped) {
        return new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        };
    }

    private static String value(Observation.Context c, String key) {
        return c.getLowCardinalityKeyValue(key) == null ? null : c.getLowCardinalityKeyValue(key).getValue();
    }

    private static Timer timer(SimpleMeterRegistry registry, String verb, String outcome, String sqlStateClass) {
        return registry.get(OperationMetrics.TIMER).tag("verb", verb).tag("outcome", outcome)
                .tag("sqlstate.class", sqlStateClass).timer();
    }
}
