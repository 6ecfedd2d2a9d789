package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.embedded.PostgresDatabase;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets in a real Redis (Debian's redis-server, started here on a free loopback port with a password): a second
 * listener resumes where the first stopped, without a new snapshot and without losing the changes made in between.
 */
class RedisOffsetStorageTest extends CdcTestBase {
    private static final String PASSWORD = "redis-secret";
    private static Process redis;
    private static int port;

    record Row(int id) {
    }

    @BeforeAll
    static void startRedis(@TempDir Path dir) throws Exception {
        String binary = findRedisServer();
        Assumptions.assumeTrue(binary != null, "redis-server is not installed (apt-get install -y redis-server); "
                + "the Redis offset store is not tested here");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--requirepass", PASSWORD, "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        CdcTestSupport.await(RedisOffsetStorageTest::redisAccepts, WAIT, "redis-server on port " + port);
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String findRedisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : null;
    }

    private static boolean redisAccepts() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aRestartResumesFromTheOffsetsKeptInRedis(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE kept (id int PRIMARY KEY)", "INSERT INTO kept VALUES (1)");
        OffsetStorage storage = OffsetStorage.redis("127.0.0.1", port, null, PASSWORD, "pgconnector-cdc:kept");
        assertThat(storage.toString()).doesNotContain(PASSWORD);

        Recorder<Row> first = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "kept").offsetStorage(storage).build();
        listener.attach(Row.class, first, "kept");
        listener.start();
        try {
            exec(client, "INSERT INTO kept VALUES (2)");
            assertThat(first.awaitEvents(2, WAIT)).extracting(e -> e.op(), e -> e.after().id()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Operation.READ, 1),
                    org.assertj.core.groups.Tuple.tuple(Operation.CREATE, 2));
        } finally {
            listener.stop();
        }
        exec(client, "INSERT INTO kept VALUES (3)");

        Recorder<Row> second = new Recorder<>();
        CdcListener again = CdcTestSupport.listener(db, "kept").offsetStorage(storage).build();
        again.attach(Row.class, second, "kept");
        again.start();
        try {
            assertThat(second.awaitEvents(1, WAIT).get(0).after().id()).isEqualTo(3);
            exec(client, "INSERT INTO kept VALUES (4)");
            second.awaitEvents(2, WAIT);
            assertThat(second.events()).extracting(e -> e.after().id()).containsExactly(3, 4);
            assertThat(second.events()).noneMatch(e -> e.op() == Operation.READ);
        } finally {
            again.stop();
            again.dropSlotAndPublication();
        }
    }

    @Test
    void aWrongRedisPasswordFailsTheStartAndIsNotShown(PostgresDatabase db) {
        exec(client, "CREATE TABLE wrong_pw (id int PRIMARY KEY)");
        CdcListener listener = CdcTestSupport.listener(db, "redis_wrong_pw")
                .offsetStorage(OffsetStorage.redis("127.0.0.1", port, null, "not-it", "pgconnector-cdc:wrong")).build();
        listener.attach(Row.class, new Recorder<>(), "wrong_pw");
        try {
            assertThatThrownBy(listener::start).isInstanceOf(CdcException.class)
                    .hasMessageContaining("Redis").hasMessageNotContaining("not-it");
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
