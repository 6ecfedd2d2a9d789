package io.pgconnector.examples.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.examples.spring.SampleApplication.NewOrders;
import io.pgconnector.examples.spring.SampleApplication.Order;
import io.pgconnector.examples.spring.SampleApplication.Orders;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application, started whole by Spring Boot against an embedded server (on Boot 3.5 here, and on Boot 4.0
 * in pgconnector-spring-boot4-tests).
 */
@SpringBootTest(properties = {
        "pgconnector.pool.max-open-connections=3",
        "pgconnector.cdc.offset-storage=memory",
        "pgconnector.cdc.snapshot-mode=never",
        // The sample migrates with Flyway; where the Boot 4 tests also have Liquibase on the class path, it stays off.
        "spring.liquibase.enabled=false",
        // The actuator's health endpoint, reachable in-process (a JMX exposure makes the endpoint bean available
        // without a web server).
        "spring.jmx.enabled=true",
        "management.endpoints.jmx.exposure.include=health"})
@Timeout(180)
// The CDC test first: the health test stops and restarts the server under the running listener.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    ApplicationContext context;

    @Test
    @org.junit.jupiter.api.Order(1)
    void orderPlacedThroughTheClientReachesTheCdcBeanAndIsMeasured() throws InterruptedException {
        assertThat(listener.isLive()).isTrue();
        orders.place(new Order(1, "Ada"));
        await(() -> count("pgconnector.cdc.events") == 1, "the CDC event");
        assertThat(newOrders.seen()).containsExactly(new Order(1, "Ada"));
        assertThat(meters.get("pgconnector.client.operations").tag("verb", "execute").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("pgconnector.cdc.events").tag("operation", "create").counter().count()).isEqualTo(1);
        assertThat(endpointStatus(context.getBean("healthEndpoint"))).isEqualTo("UP");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void theHealthEndpointIsDownWhileTheServerIsStoppedAndUpAfterItReturns() throws Exception {
        Object endpoint = context.getBean("healthEndpoint");
        assertThat(endpointStatus(endpoint)).isEqualTo("UP");
        server.stop();
        try {
            await(() -> "DOWN".equals(endpointStatus(endpoint)), "the health endpoint to report DOWN");
        } finally {
            server.start();
        }
        await(() -> "UP".equals(endpointStatus(endpoint)), "the health endpoint to report UP again");
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

    private double count(String name) {
        Counter c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits up to a minute for a condition, polling. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after 60 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
