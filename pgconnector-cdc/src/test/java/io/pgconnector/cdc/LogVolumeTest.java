package io.pgconnector.cdc;

import io.pgconnector.embedded.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's start and stop used to print about 250 lines at INFO, among them Kafka worker configuration dumps
 * ({@code bootstrap.servers = [localhost:9092]}) that puzzle users who never run Kafka. A child JVM runs one start,
 * one snapshot row and one stop with slf4j-simple configured as a user would (INFO, nothing said about Debezium),
 * and the parent counts the lines.
 */
class LogVolumeTest extends CdcTestBase {
    /** The most lines a start and stop may print at INFO, ours and Debezium's and Kafka's together. */
    static final int MAX_LINES = 10;

    @Test
    void aListenerStartAndStopPrintAtMostTenLinesAtInfoAndNoKafkaConfigDump(PostgresDatabase db, @TempDir Path dir)
            throws IOException, InterruptedException {
        // First on the class path, so it wins over the test resources' simplelogger.properties (which says warn).
        Files.writeString(dir.resolve("simplelogger.properties"), "org.slf4j.simpleLogger.defaultLogLevel=info\n");
        CdcTestSupport.exec(client, "CREATE TABLE quiet(id int PRIMARY KEY)", "INSERT INTO quiet VALUES (1)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", dir + File.pathSeparator + System.getProperty("java.class.path"),
                QuietStartChild.class.getName(),
                db.host(), Integer.toString(db.port()), db.database(), db.username(), db.password(), "quiet"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>(new String(output, StandardCharsets.UTF_8).lines().toList());
        System.out.println("A listener's start and stop at INFO printed:\n" + String.join("\n", lines));
        assertThat(lines).as("the child finished").contains("DONE");
        assertThat(p.exitValue()).isZero();
        lines.remove("DONE");
        assertThat(lines).noneMatch(l -> l.contains("bootstrap.servers"));
        assertThat(lines).noneMatch(l -> l.contains(db.password()) && l.contains("password"));
        assertThat(lines).hasSizeLessThanOrEqualTo(MAX_LINES);
    }
}
