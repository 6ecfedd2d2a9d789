package io.pgconnector.client;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A 1,000,000-row query streamed into records in a JVM with a 64 MB heap. */
@WithPostgres
@Timeout(180)
class LargeResultMemoryTest {
    record Row(long id, String label, double value) {
    }

    /** Child JVM entry point: streams the rows and prints their count and id sum. */
    public static void main(String[] args) {
        PostgresClient.Builder b = PostgresClient.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .username(args[2]).password(args[3]).database(args[4])
                .pool(PoolOptions.builder().maxOpenConnections(1).minIdleConnections(1).build());
        try (PostgresClient client = b.build();
             Stream<Row> rows = client.query(Sql.of("SELECT g AS id, 'row number ' || g AS label, g * 0.5 AS value "
                     + "FROM generate_series(1, ?) g", 1_000_000), Row.class)) {
            long[] countAndSum = new long[2];
            rows.forEach(r -> {
                countAndSum[0]++;
                countAndSum[1] += r.id();
            });
            System.out.println("rows=" + countAndSum[0] + " sum=" + countAndSum[1]);
        }
    }

    @Test
    void millionRowsStreamInA64MegabyteHeap(PostgresDatabase db) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), LargeResultMemoryTest.class.getName(), db.host(),
                Integer.toString(db.port()), db.username(), db.password(), db.database()))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("child finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("rows=1000000 sum=500000500000").doesNotContain("OutOfMemoryError");
    }
}
