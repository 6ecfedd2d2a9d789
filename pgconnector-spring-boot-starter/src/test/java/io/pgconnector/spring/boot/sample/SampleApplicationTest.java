package io.pgconnector.spring.boot.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.spring.boot.BootLine;
import io.pgconnector.spring.boot.sample.SampleApplication.NewOrders;
import io.pgconnector.spring.boot.sample.SampleApplication.Order;
import io.pgconnector.spring.boot.sample.SampleApplication.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample application, started whole by Spring Boot against an embedded server. */
@SpringBootTest(properties = {
        "pgconnector.pool.max-open-connections=3",
        "pgconnector.cdc.enabled=true",
        "pgconnector.cdc.slot-name=sample_orders",
        "pgconnector.cdc.publication-name=sample_orders",
        "pgconnector.cdc.offset-storage=memory",
        "pgconnector.cdc.snapshot-mode=never",
        // The actuator's health endpoint, reachable in-process (a JMX exposure makes the endpoint bean available
        // without a web server).
        "spring.jmx.enabled=true",
        "management.endpoints.jmx.exposure.include=health"})
@Timeout(180)
class SampleApplicationTest {
    // Not closed by the test: Spring closes the cached context (and so the CDC listener) at JVM exit, before the
    // server's own shutdown hook stops it.
    private static EmbeddedPostgres server;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        server = EmbeddedPostgres.startDefault();
        PostgresDatabase db = server.createDatabase("sample");
        registry.add("spring.datasource.url", () -> server.jdbcUrl(db.database()));
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @Autowired
    Orders orders;
    @Autowired
    NewOrders newOrders;
    @Autowired
    CdcListener listener;
    @Autowired
    MeterRegistry meters;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void orderPlacedThroughTheClientReachesTheCdcBeanAndIsMeasured() throws InterruptedException {
        assertThat(listener.isLive()).isTrue();
        orders.place(new Order(1, "Ada"));
        BootLine.await(() -> BootLine.count(meters, "pgconnector.cdc.events") == 1, "the CDC event");
        assertThat(newOrders.seen).containsExactly(new Order(1, "Ada"));
        assertThat(meters.get("pgconnector.client.operations").tag("verb", "execute").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("pgconnector.cdc.events").tag("operation", "create").counter().count()).isEqualTo(1);
    }

    @Test
    void theHealthEndpointIsDownWhileTheServerIsStoppedAndUpAfterItReturns() throws Exception {
        Object endpoint = context.getBean("healthEndpoint");
        assertThat(endpointStatus(endpoint)).isEqualTo("UP");
        server.stop();
        try {
            BootLine.await(() -> "DOWN".equals(endpointStatus(endpoint)), "the health endpoint to report DOWN");
        } finally {
            server.start();
        }
        BootLine.await(() -> "UP".equals(endpointStatus(endpoint)), "the health endpoint to report UP again");
    }

    /** {@code endpoint.health().getStatus().getCode()} through reflection: the class differs between Boot lines. */
    private static String endpointStatus(Object endpoint) {
        try {
            Object health = endpoint.getClass().getMethod("health").invoke(endpoint);
            Object status = health.getClass().getMethod("getStatus").invoke(health);
            return (String) status.getClass().getMethod("getCode").invoke(status);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
