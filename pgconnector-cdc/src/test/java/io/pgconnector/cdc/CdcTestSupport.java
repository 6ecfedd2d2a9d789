package io.pgconnector.cdc;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared helpers for the CDC tests. */
final class CdcTestSupport {
    private CdcTestSupport() {
    }

    static CdcListener.Builder listener(PostgresDatabase db, String slot) {
        return CdcListener.builder()
                .host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password())
                .slotName(slot).publicationName(slot)
                .offsetStorage(OffsetStorage.memory())
                .startTimeout(Duration.ofSeconds(60));
    }

    static PostgresClient client(PostgresDatabase db) {
        return PostgresClient.builder().host(db.host()).port(db.port()).database(db.database())
                .username(db.username()).password(db.password()).build();
    }

    static void exec(PostgresClient client, String... statements) {
        for (String s : statements) {
            client.execute(Sql.of(s));
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
