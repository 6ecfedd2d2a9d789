package io.pgconnector.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server without logical replication fails fast, saying how to fix it. */
@WithPostgres(logicalReplication = false)
@Timeout(60)
class WalLevelTest {

    @Test
    void startAgainstWalLevelReplicaFailsFastWithHowToFix(PostgresDatabase db) {
        CdcListener listener = CdcTestSupport.listener(db, "wal_replica").build();
        listener.attach(java.util.Map.class, new CdcService<>() { });
        long t0 = System.nanoTime();
        assertThatThrownBy(listener::start)
                .isInstanceOf(CdcException.class)
                .hasMessageContaining("wal_level is 'replica'")
                .hasMessageContaining("ALTER SYSTEM SET wal_level = logical")
                .hasMessageContaining("restart the server");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThat(listener.isLive()).isFalse();
    }
}
