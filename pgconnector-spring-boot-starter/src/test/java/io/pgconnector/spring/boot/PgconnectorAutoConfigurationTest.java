package io.pgconnector.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration in real application contexts against a real server; the same sources run on Boot 3 and 4. */
@WithPostgres
@Timeout(180)
class PgconnectorAutoConfigurationTest {
    record Order(long id, String customer) {
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                PgconnectorAutoConfiguration.class, CdcAutoConfiguration.class, HealthAutoConfiguration.class,
                Boot4HealthAutoConfiguration.class,
                BootLine.flyway()));
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void clientFromSpringDatasourcePropertiesIsTheDataSourceThatFlywayMigratesAndIsMeasured(PostgresDatabase db) {
        runner().withUserConfiguration(Meters.class).withPropertyValues(
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + db.password(),
                "pgconnector.pool.pool-name=boot-pool",
                "pgconnector.pool.max-open-connections=3",
                "pgconnector.pool.connection-timeout=10s",
                "pgconnector.client.socket-timeout=2m").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    PostgresClient client = ctx.getBean(PostgresClient.class);
                    assertThat(ctx.getBean(DataSource.class)).isSameAs(client.dataSource());
                    // Flyway ran V1 through the client's pool.
                    assertThat(client.queryRow(Sql.of("SELECT count(*) FROM flyway_schema_history WHERE success"),
                            Long.class)).isEqualTo(1);
                    client.execute(Sql.of("INSERT INTO orders VALUES (?, ?)", 1L, "Ada"));
                    MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                    assertThat(meters.get("pgconnector.client.operations").tag("verb", "execute")
                            .tag("pool", "boot-pool").timer().count()).isEqualTo(1);
                    assertThat(meters.get("hikaricp.connections.max").tag("pool", "boot-pool").gauge().value())
                            .isEqualTo(3);
                    assertThat(BootLine.healthStatus(ctx.getBean("pgconnectorHealthIndicator"))).isEqualTo("UP");
                });
    }

    @Test
    void healthIsDownWhileTheServerIsStoppedAndUpAfterItReturns() {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().logicalReplication(false).start()) {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                    PgconnectorAutoConfiguration.class, HealthAutoConfiguration.class,
                    Boot4HealthAutoConfiguration.class)).withPropertyValues(
                    "pgconnector.url=" + server.uri("postgres"),
                    "pgconnector.pool.min-idle-connections=1",
                    "pgconnector.pool.connection-timeout=2s",
                    "pgconnector.pool.validation-timeout=1s").run(ctx -> {
                        Object health = ctx.getBean("pgconnectorHealthIndicator");
                        assertThat(BootLine.healthStatus(health)).isEqualTo("UP");
                        server.stop();
                        assertThat(BootLine.healthStatus(health)).isEqualTo("DOWN");
                        server.start();
                        assertThat(BootLine.healthStatus(health)).isEqualTo("UP");
                    });
        }
    }

    /** A CDC service declared as a bean, as an application would. */
    @CdcTable("cdc.shipments")
    static class OrderService implements CdcService<Order> {
        final List<Order> created = new CopyOnWriteArrayList<>();

        @Override
        public void onCreate(Order row, ChangeSource src) {
            created.add(row);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        OrderService orderService() {
            return new OrderService();
        }
    }

    @Test
    void cdcServiceBeanReceivesAChangeAndTheListenerRunsWithTheContext(PostgresDatabase db) throws Exception {
        try (PostgresClient setup = PostgresClient.fromUri(db.uri())) {
            // Not in public: the Flyway test of this class needs that schema empty.
            setup.execute(Sql.of("CREATE SCHEMA cdc"));
            setup.execute(Sql.of("CREATE TABLE cdc.shipments (id bigint PRIMARY KEY, customer text NOT NULL)"));
        }
        CdcListener[] seen = new CdcListener[1];
        runner().withUserConfiguration(Meters.class, Services.class).withPropertyValues(
                "pgconnector.url=" + db.uri(),
                "spring.flyway.enabled=false",
                "pgconnector.pool.max-open-connections=2",
                "pgconnector.cdc.enabled=true",
                "pgconnector.cdc.slot-name=boot_orders",
                "pgconnector.cdc.publication-name=boot_orders",
                "pgconnector.cdc.offset-storage=memory",
                "pgconnector.cdc.snapshot-mode=never",
                "pgconnector.cdc.start-timeout=60s").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    CdcListener listener = ctx.getBean(CdcListener.class);
                    seen[0] = listener;
                    assertThat(listener.isLive()).isTrue();
                    ctx.getBean(PostgresClient.class).execute(Sql.of("INSERT INTO cdc.shipments VALUES (?, ?)", 7L,
                            "Grace"));
                    OrderService service = ctx.getBean(OrderService.class);
                    MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                    // The event is counted once its callback returned, so wait for the count, not the row.
                    BootLine.await(() -> BootLine.count(meters, "pgconnector.cdc.events") == 1,
                            "the CDC event to be counted");
                    assertThat(service.created).containsExactly(new Order(7, "Grace"));
                    assertThat(meters.get("pgconnector.cdc.events").counter().count()).isEqualTo(1);
                    assertThat(BootLine.healthStatus(ctx.getBean("pgconnectorCdcHealthIndicator")))
                            .isEqualTo("UP");
                });
        assertThat(seen[0].isLive()).isFalse();
        seen[0].dropSlotAndPublication();
    }
}
