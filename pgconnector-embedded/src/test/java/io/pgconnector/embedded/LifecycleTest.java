package io.pgconnector.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LifecycleTest {

    @Test
    void restartAndStopStartKeepPortAndData() throws SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.startDefault()) {
            int port = pg.port();
            Sql.execute(pg.dataSource("postgres"), "CREATE TABLE t(x int); INSERT INTO t VALUES (1)");
            pg.restart();
            assertThat(pg.port()).isEqualTo(port);
            assertThat(Sql.query(pg.dataSource("postgres"), "SELECT count(*) FROM t")).isEqualTo("1");

            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> pg.dataSource("postgres").getConnection().close())
                    .isInstanceOf(SQLException.class);
            pg.stop(); // no-op
            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            assertThat(Sql.query(pg.dataSource("postgres"), "SELECT count(*) FROM t")).isEqualTo("1");
        }
    }

    @Test
    void killThenStartKeepsCommittedData() throws SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.startDefault()) {
            Sql.execute(pg.dataSource("postgres"), "CREATE TABLE t(x int); INSERT INTO t VALUES (1), (2)");
            pg.kill();
            assertThat(pg.isRunning()).isFalse();
            pg.start();
            assertThat(Sql.query(pg.dataSource("postgres"), "SELECT count(*) FROM t")).isEqualTo("2");
        }
    }

    @Test
    void twoServersRunAtOnce() throws SQLException {
        try (EmbeddedPostgres a = EmbeddedPostgres.startDefault();
             EmbeddedPostgres b = EmbeddedPostgres.startDefault()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.dataDirectory()).isNotEqualTo(b.dataDirectory());
            Sql.execute(a.dataSource("postgres"), "CREATE TABLE only_in_a(x int)");
            assertThat(Sql.query(b.dataSource("postgres"),
                    "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'")).isEqualTo("0");
        }
    }

    @Test
    void closeFreesThePortAndDeletesTheDirectory() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().startupTimeout(Duration.ofSeconds(30)).start();
        int port = pg.port();
        Path data = pg.dataDirectory();
        pg.close();
        pg.close(); // idempotent
        assertThat(pg.isRunning()).isFalse();
        assertThat(data).doesNotExist();
        assertThat(data.getParent()).doesNotExist();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        assertThatThrownBy(pg::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startupFailureReportsTheLogTail() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedPostgres.builder().setting("shared_buffers", "nonsense")
                .startupTimeout(Duration.ofSeconds(20)).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("Last 30 lines")
                .hasMessageContaining("shared_buffers");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void startupTimeoutIsEnforced() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedPostgres.builder().startupTimeout(Duration.ofMillis(50)).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void fixedPort() throws IOException, SQLException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().port(port).start()) {
            assertThat(pg.port()).isEqualTo(port);
            assertThat(Sql.query(pg.dataSource("postgres"), "SHOW port")).isEqualTo(Integer.toString(port));
        }
    }
}
