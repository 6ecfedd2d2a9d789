package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.reliability.support.LogCapture;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promise 6: the password never appears in a log line (at any level, from any library, or printed to the console),
 * an exception message or stack trace, or a {@code toString()}. The other failure tests are watched the same way
 * ({@link SecretWatch}); this class adds the failures that are about credentials and configuration, and proves that
 * the capture really sees every channel.
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(60)
class SecretsTest {
    private static final String WRONG = Secrets.PASSWORD + "-but-wrong";

    @Test
    void theCaptureSeesSlf4jAtEveryLevelJavaUtilLoggingAndTheConsole() {
        String canary = "canary-" + System.nanoTime();
        LogCapture.watch(canary);
        LoggerFactory.getLogger("io.pgconnector.test").trace("trace {}", canary);
        LoggerFactory.getLogger("com.zaxxer.hikari.test").debug("debug", new IllegalStateException(canary));
        Logger.getLogger("org.postgresql.test").log(Level.FINEST, "finest {0}", canary);
        System.err.println("stderr " + canary);
        System.out.println("stdout " + canary);
        assertThat(LogCapture.hits(canary)).hasSize(5)
                .anySatisfy(l -> assertThat(l).startsWith("slf4j TRACE"))
                .anySatisfy(l -> assertThat(l).startsWith("slf4j DEBUG").contains("IllegalStateException"))
                .anySatisfy(l -> assertThat(l).startsWith("jul FINEST org.postgresql"))
                .anySatisfy(l -> assertThat(l).startsWith("stderr"))
                .anySatisfy(l -> assertThat(l).startsWith("stdout"));
    }

    @Test
    void credentialAndConfigurationFailuresNeverShowThePassword(EmbeddedPostgres server) throws Exception {
        PostgresDatabase db = Secrets.appDatabase(server, "secrets");
        long linesBefore = LogCapture.lines();
        ClientOptions fast = ClientOptions.builder().connectTimeout(Duration.ofSeconds(2))
                .loginTimeout(Duration.ofSeconds(3)).build();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String uriBase = "postgresql://" + Secrets.ROLE + ":" + Secrets.PASSWORD + "@" + db.host() + ":";
        List<Runnable> failures = List.of(
                () -> Secrets.builder(db, fast).password(WRONG).build(),
                () -> Secrets.builder(db, fast).database("no_such_database").build(),
                () -> Secrets.builder(db, fast).port(closedPort).build(),
                () -> Secrets.builder(db, fast).host("host.invalid").build(),
                () -> PostgresClient.fromUri(uriBase + db.port() + "/no_such_database"),
                () -> PostgresClient.fromUri(uriBase + closedPort + "/" + db.database() + "?connect_timeout=2"),
                () -> PostgresClient.fromUri(uriBase + "notaport/" + db.database()),
                () -> PostgresClient.fromUri(uriBase + "99999/" + db.database()),
                () -> PostgresClient.fromUri(uriBase + db.port() + "/" + db.database() + "?sslmode=bogus"),
                () -> PostgresClient.fromUri(uriBase + db.port() + "/" + db.database() + "?connect_timeout=x"),
                () -> PostgresClient.fromUri("postgresql://" + Secrets.ROLE + ":" + Secrets.PASSWORD + "%zz@"
                        + db.host() + "/" + db.database()),
                () -> PostgresClient.fromUri("mysql://" + Secrets.ROLE + ":" + Secrets.PASSWORD + "@" + db.host()),
                () -> PostgresClient.builder().port(0),
                () -> Secrets.builder(db, ClientOptions.builder().tls(io.pgconnector.client.TlsOptions.builder()
                        .mode(io.pgconnector.client.TlsMode.REQUIRE).build()).build()).build());
        List<Throwable> seen = new ArrayList<>();
        for (Runnable failure : failures) {
            try {
                failure.run();
            } catch (RuntimeException e) {
                seen.add(e);
                assertThat(e).isInstanceOf(PostgresException.class);
                Secrets.assertNotIn(e);
            }
        }
        assertThat(seen).as("every case failed").hasSize(failures.size());

        PostgresClient.Builder builder = Secrets.builder(db, fast).pool(PoolOptions.builder().poolName("secrets")
                .initSql("SET application_name = 'secrets'").build());
        Secrets.assertNotInToString(builder);
        Secrets.assertNotInToString(builder.options());
        Secrets.assertNotInToString(builder.pool());
        Secrets.assertNotInToString(PostgresClient.Builder.fromUri(uriBase + db.port() + "/" + db.database()));
        Secrets.assertNotInToString(Sql.of("ALTER ROLE app PASSWORD ?", Secrets.PASSWORD));
        try (PostgresClient client = builder.build()) {
            Secrets.assertNotInToString(client);
            Secrets.assertNotInToString(client.poolStats());
            assertThat(client.queryRow(Sql.of("SELECT current_user"), String.class)).isEqualTo(Secrets.ROLE);
        }
        try (PostgresClient client = PostgresClient.fromUri(uriBase + db.port() + "/" + db.database())) {
            Secrets.assertNotInToString(client);
        }
        assertThat(LogCapture.lines()).as("the failures were logged and scanned").isGreaterThan(linesBefore);
        assertThat(LogCapture.slf4jEvents()).isPositive();
        assertThat(LogCapture.julRecords()).isPositive();
        Secrets.assertNotLogged();
        System.out.printf("[figures] secrets: %d failures checked, %d log lines scanned so far (%d SLF4J events, "
                        + "%d JUL records), 0 contained the password%n", seen.size(), LogCapture.lines(),
                LogCapture.slf4jEvents(), LogCapture.julRecords());
    }
}
