package io.pgconnector.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** CDC meters read from a real registry while a real listener streams changes. */
@WithPostgres
@Timeout(180)
class CdcMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void eventsRetriesCallbackTimesLagAndStateAreMeasured(PostgresDatabase db) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PostgresClient client = PostgresClient.builder().host(db.host()).port(db.port())
                .database(db.database()).username(db.username()).password(db.password()).build()) {
            client.execute(Sql.of("CREATE TABLE items (id int PRIMARY KEY, name text)"));
            CdcListener listener = CdcListener.builder().host(db.host()).port(db.port()).database(db.database())
                    .username(db.username()).password(db.password())
                    .slotName("metrics_slot").publicationName("metrics_pub")
                    .offsetStorage(OffsetStorage.memory()).snapshotMode(SnapshotMode.NEVER)
                    .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(20)))
                    .startTimeout(Duration.ofSeconds(60)).build();
            CdcMetrics metrics = CdcMetrics.bind(listener, registry).trackSlotLag(client);
            assertThat(gauge(registry, CdcMetrics.STATE, "stopped")).isEqualTo(1);

            AtomicInteger handled = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            CdcService<Map> service = new CdcService<>() {
                @Override
                public void onCreate(Map row, ChangeSource src) {
                    if (((Number) row.get("id")).intValue() == 2 && failures.getAndIncrement() == 0) {
                        throw new IllegalStateException("transient");
                    }
                    handled.incrementAndGet();
                }

                @Override
                public void onUpdate(Map before, Map after, ChangeSource src) {
                    handled.incrementAndGet();
                }
            };
            listener.attach(Map.class, (CdcService) metrics.instrument(service), "public.items");
            listener.start();
            try {
                assertThat(gauge(registry, CdcMetrics.STATE, "running")).isEqualTo(1);
                client.execute(Sql.of("INSERT INTO items VALUES (1, 'a'), (2, 'b')"));
                client.execute(Sql.of("UPDATE items SET name = 'c' WHERE id = 1"));
                await(() -> handled.get() == 3, "three changes");

                assertThat(registry.get(CdcMetrics.EVENTS).tag("table", "public.items").tag("operation", "create")
                        .counter().count()).isEqualTo(2);
                assertThat(registry.get(CdcMetrics.EVENTS).tag("operation", "update").counter().count())
                        .isEqualTo(1);
                assertThat(registry.get(CdcMetrics.RETRIES).tag("table", "public.items").counter().count())
                        .isEqualTo(1);
                assertThat(registry.get(CdcMetrics.CALLBACK).tag("outcome", "error").timer().count()).isEqualTo(1);
                assertThat(registry.get(CdcMetrics.CALLBACK).tag("operation", "create").tag("outcome", "success")
                        .timer().count()).isEqualTo(2);
                double lagMs = registry.get(CdcMetrics.LAG).timeGauge().value(TimeUnit.MILLISECONDS);
                assertThat(lagMs).isBetween(0.0, (double) WAIT.toMillis());
                assertThat(metrics.lag()).isPresent();
                double lagBytes = registry.get(CdcMetrics.LAG_BYTES).tag("slot", "metrics_slot").gauge().value();
                assertThat(lagBytes).isGreaterThanOrEqualTo(0);
                assertThat(metrics.lagBytes()).isPresent();
            } finally {
                listener.stop();
            }
            assertThat(gauge(registry, CdcMetrics.STATE, "stopped")).isEqualTo(1);
            assertThat(gauge(registry, CdcMetrics.STATE, "running")).isEqualTo(0);
            listener.dropSlotAndPublication();
            assertThat(Double.isNaN(registry.get(CdcMetrics.LAG_BYTES).gauge().value())).isTrue();
        }
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String state) {
        return registry.get(name).tag("state", state).gauge().value();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
