package io.pgconnector.reliability;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.notify.ConnectionGap;
import io.pgconnector.notify.Notification;
import io.pgconnector.notify.NotificationListener;
import io.pgconnector.reliability.support.Await;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import io.pgconnector.reliability.support.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification listener on a dead network path: no error ever reaches it (the proxy keeps the connection open and
 * drops the bytes), so only its periodic check can notice. It must notice within the check interval plus the check's
 * own timeout, reconnect once the path heals, report the gap and receive again, logging no secret on the way.
 */
@WithPostgres
@ExtendWith(SecretWatch.class)
@Timeout(90)
class NotifyDeadNetworkTest {
    private static final Duration CHECK = Duration.ofSeconds(1);

    @Test
    void silentDeadPathIsFoundByTheHealthCheckAndHealedWithAGap(EmbeddedPostgres server) throws Exception {
        PostgresDatabase db = Secrets.appDatabase(server, "dead_notify");
        BlockingQueue<ConnectionGap> gaps = new LinkedBlockingQueue<>();
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        ClientOptions options = ClientOptions.builder().connectTimeout(Duration.ofSeconds(2))
                .loginTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(5)).build();
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port());
             PostgresClient sender = Secrets.builder(db, options).build();
             NotificationListener listener = NotificationListener.builder(Secrets.builder(db, options)
                             .host(proxy.host()).port(proxy.port()))
                     .healthCheckInterval(CHECK)
                     .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
                     .onReconnect(gaps::add)
                     .build()) {
            listener.listen("ticks", got::add);
            sender.notify("ticks", "before");
            assertThat(got.poll(10, TimeUnit.SECONDS)).extracting(Notification::payload).isEqualTo("before");

            proxy.blackHole();
            Duration noticed = Await.until(Duration.ofSeconds(15), "the listener notices the dead path",
                    () -> !listener.isConnected());
            System.out.printf("[figures] dead notification path noticed after %d ms (check interval %d ms)%n",
                    noticed.toMillis(), CHECK.toMillis());
            proxy.heal();

            ConnectionGap gap = gaps.poll(30, TimeUnit.SECONDS);
            assertThat(gap).as("a gap after healing").isNotNull();
            assertThat(gap.channels()).containsExactly("ticks");
            Secrets.assertNotIn(new RuntimeException(gap.reason()));
            sender.notify("ticks", "after");
            assertThat(got.poll(10, TimeUnit.SECONDS)).extracting(Notification::payload).isEqualTo("after");
            Secrets.assertNotInToString(listener);
        }
    }
}
