package io.pgconnector.examples.spring;

import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.spring.boot.CdcTable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sample application on the starter: Flyway creates {@code orders} ({@code db/migration}) through the client's
 * pool, a service writes through the {@link PostgresClient} bean, and a {@link CdcTable} bean sees each new order.
 * Configuration: {@code application.properties}, with the connection from {@code spring.datasource.*}.
 */
@SpringBootApplication
public class SampleApplication {

    /** An order row. */
    public record Order(long id, String customer) {
    }

    /** Places orders. */
    @Service
    public static class Orders {
        private final PostgresClient client;

        Orders(PostgresClient client) {
            this.client = client;
        }

        /** Inserts an order. */
        public void place(Order order) {
            client.execute(Sql.of("INSERT INTO orders(id, customer) VALUES (?, ?)", order.id(), order.customer()));
        }
    }

    /** Receives new orders from CDC; a real one would index them or notify someone. */
    @Component
    @CdcTable("public.orders")
    public static class NewOrders implements CdcService<Order> {
        final List<Order> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onCreate(Order order, ChangeSource src) {
            seen.add(order);
        }

        /** Returns the orders seen so far. */
        public List<Order> seen() {
            return List.copyOf(seen);
        }
    }

    /** Runs the application. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
