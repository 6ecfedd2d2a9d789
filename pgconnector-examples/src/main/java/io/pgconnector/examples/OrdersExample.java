package io.pgconnector.examples;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;

/** Starts an embedded PostgreSQL server, connects the client and prints the server version. */
public final class OrdersExample {
    private OrdersExample() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start();
             PostgresClient client = PostgresClient.fromUri(server.uri("postgres"))) {
            System.out.println("PostgreSQL " + client.queryRow(Sql.of("SHOW server_version"), String.class)
                    + " running on port " + server.port());
        }
    }
}
