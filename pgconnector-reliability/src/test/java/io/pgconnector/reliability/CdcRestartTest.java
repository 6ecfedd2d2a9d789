package io.pgconnector.reliability;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.reliability.support.Await;
import io.pgconnector.reliability.support.SecretWatch;
import io.pgconnector.reliability.support.Secrets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promise 4: CDC through a server restart. A listener streams a table while a writer inserts rows; the server is
 * stopped and started. With the default settings the listener reconnects by itself (Debezium retries a lost
 * replication connection), and every row whose insert the client acknowledged, before, during or after the outage,
 * is delivered. The listener connects as the application role, so its logs are scanned for the password too.
 *
 * <p>Adds to the CDC module's crash test (the listener's JVM killed): here the server goes away, not the listener.
 */
@ExtendWith(SecretWatch.class)
@Timeout(180)
class CdcRestartTest {
    private static final Duration OUTAGE = Duration.ofSeconds(2);
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);

    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgres.builder().logicalReplication(true).start();
    }

    @AfterAll
    static void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    record Event(int id, String v) {
    }

    @Test
    void theListenerReconnectsAfterARestartAndDeliversEveryAcknowledgedRow() throws Exception {
        PostgresDatabase db = Secrets.appDatabase(server, "cdc_restart");
        // A private server: the role may create the FOR ALL TABLES publication and a replication slot.
        Secrets.superuser(server, "postgres", "ALTER ROLE " + Secrets.ROLE + " SUPERUSER REPLICATION");
        Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        AtomicLong deliveries = new AtomicLong();
        AtomicLong lastDeliveryNanos = new AtomicLong();
        List<CdcException> errors = new CopyOnWriteArrayList<>();
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

        try (PostgresClient client = Secrets.builder(db, ClientOptions.builder().connectTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3)).build())
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1)
                        .connectionTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(1)).build())
                .build();
             CdcListener listener = CdcListener.builder().host(db.host()).port(db.port()).database(db.database())
                     .username(Secrets.ROLE).password(Secrets.PASSWORD).slotName("reliability")
                     .publicationName("reliability").offsetStorage(OffsetStorage.memory()).build()) {
            client.execute(Sql.of("CREATE TABLE events(id int PRIMARY KEY, v text)"));
            listener.attach(Event.class, new CdcService<>() {
                @Override
                public void onRead(Event after, ChangeSource src) {
                    onCreate(after, src);
                }

                @Override
                public void onCreate(Event after, ChangeSource src) {
                    delivered.add(after.id());
                    deliveries.incrementAndGet();
                    lastDeliveryNanos.set(System.nanoTime());
                }

                @Override
                public void onError(CdcException e) {
                    errors.add(e);
                }
            }, "public.events");
            Secrets.assertNotInToString(listener.config());
            listener.start();

            Writer writer = new Writer(client, acknowledged);
            Thread writerThread = new Thread(writer, "cdc-writer");
            writerThread.start();
            Await.until(Duration.ofSeconds(30), "rows are streamed before the restart", () -> delivered.size() >= 50);

            server.stop();
            Thread.sleep(OUTAGE.toMillis());
            server.start();
            long deliveriesAtBack = deliveries.get();
            Duration firstDelivery = Await.until(DELIVERY_LIMIT, "a change is delivered after the restart",
                    () -> deliveries.get() > deliveriesAtBack);
            // Keep writing a little after recovery, then stop the writer.
            int target = writer.next + 100;
            Await.until(Duration.ofSeconds(30), "the writer inserts after the restart", () -> writer.next >= target);
            writer.running = false;
            writerThread.join(15_000);
            assertThat(writerThread.isAlive()).isFalse();

            Duration all = Await.until(DELIVERY_LIMIT, "every acknowledged row is delivered",
                    () -> delivered.containsAll(acknowledged));
            Set<Integer> missing = new HashSet<>(acknowledged);
            missing.removeAll(delivered);
            System.out.printf("[figures] cdc restart: %d rows acknowledged, %d delivered (%d deliveries), %d missing; "
                            + "first change %d ms after the server was back, all %d ms after the writer stopped; "
                            + "writer failures %d (all connection errors: %s); listener live: %s%n",
                    acknowledged.size(), delivered.size(), deliveries.get(), missing.size(),
                    firstDelivery.toMillis(), all.toMillis(),
                    writer.failures.get(), writer.unexpected.isEmpty(), listener.isLive());
            assertThat(missing).as("acknowledged rows never delivered").isEmpty();
            assertThat(listener.isLive()).as("the listener reconnected by itself; failure: %s", listener.failure())
                    .isTrue();
            assertThat(writer.unexpected).as("writer failures that are not connection errors").isEmpty();
            assertThat(writer.failures.get()).as("the writer felt the outage").isPositive();
            errors.forEach(Secrets::assertNotIn);
            listener.failure().ifPresent(Secrets::assertNotIn);
        }
    }

    /** Inserts rows one by one; an id is acknowledged when its insert returned normally. */
    static final class Writer implements Runnable {
        final PostgresClient client;
        final Set<Integer> acknowledged;
        final AtomicLong failures = new AtomicLong();
        final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        volatile boolean running = true;
        volatile int next = 1;

        Writer(PostgresClient client, Set<Integer> acknowledged) {
            this.client = client;
            this.acknowledged = acknowledged;
        }

        @Override
        public void run() {
            while (running) {
                int id = next;
                try {
                    client.execute(Sql.of("INSERT INTO events VALUES (?, ?)", id, "row " + id));
                    acknowledged.add(id);
                } catch (PostgresException e) {
                    failures.incrementAndGet();
                    if (!e.isConnectionError()) {
                        unexpected.add(e);
                    }
                    Secrets.assertNotIn(e);
                } catch (RuntimeException e) {
                    unexpected.add(e);
                }
                next = id + 1;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
