package io.pgconnector.examples;

import io.pgconnector.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class OrdersExampleTest {

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = OrdersExample.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        return status + "\n" + out;
    }

    @Test
    void runsTheWholeIntegrationOnAnEmbeddedServer() {
        String out = run();
        assertThat(out).startsWith("0\n");
        assertThat(out).contains("PostgreSQL 18").contains("The listener is streaming.");
        assertThat(out).contains("[cdc] CREATE on pgconnector_example.orders")
                .contains("after  #1 Ada 120.00 NEW at (52.52,13.405)")
                .contains("[cdc] UPDATE on pgconnector_example.orders")
                .contains("before #1 Ada 120.00 NEW").contains("after  #1 Ada 120.00 PAID")
                .contains("[cdc] DELETE on pgconnector_example.orders").contains("before #4 Barbara 12.30")
                .contains("tags [priority, gift]");
        assertThat(out).contains("apply_discount returned amount=1799.99 status=PAID");
        assertThat(out).contains("Received 8 change events: {CREATE=4, DELETE=1, UPDATE=3}");
        assertThat(out).contains("Done.");
    }

    @Test
    void explainsWhatAServerWithoutLogicalReplicationNeeds() {
        try (EmbeddedPostgres plain = EmbeddedPostgres.builder().logicalReplication(false).start()) {
            String out = run("--url", plain.uri("postgres"));
            assertThat(out).startsWith("2\n").contains("wal_level is 'replica'").contains("wal_level = logical")
                    .contains("REPLICA IDENTITY FULL");
        }
    }

    @Test
    void runsAgainstAnExistingServerAndCleansUpAfterItself() throws Exception {
        try (EmbeddedPostgres existing = EmbeddedPostgres.builder().logicalReplication(true).start()) {
            String out = run("--url", existing.uri("postgres"));
            assertThat(out).startsWith("0\n").contains("Using the PostgreSQL server at localhost:" + existing.port())
                    .contains("Dropped the example's slot, publication and schema");
            try (Connection c = existing.dataSource("postgres").getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_replication_slots) + "
                         + "(SELECT count(*) FROM pg_publication)")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
