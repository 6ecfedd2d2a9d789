package io.pgconnector.client.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives the settings of the two pools of a client with replicas: the write pool, which connects to whichever
 * server is the primary, and the read pool, which prefers standbys and balances over them.
 */
final class ReplicaRouting {
    /**
     * pgjdbc remembers each host's role for {@code hostRecheckSeconds} (default 10); after a failover that is how
     * long it would keep avoiding the promoted standby, so it is rechecked every second.
     */
    private static final String HOST_RECHECK_SECONDS = "1";

    private ReplicaRouting() {
    }

    /** Returns the builder of the client's own pool: unchanged without replicas, else every server, primary only. */
    static PostgresClient.Builder writeBuilder(PostgresClient.Builder b) {
        if (b.replicas().isEmpty()) {
            return b;
        }
        return copy(b, withRole(b.options(), "primary"), b.pool());
    }

    /** Returns the builder of the read pool: every server, standbys preferred and balanced, read-only. */
    static PostgresClient.Builder readBuilder(PostgresClient.Builder b) {
        ClientOptions options = withRole(b.options(), "preferSecondary").toBuilder()
                .driverProperty("loadBalanceHosts", "true").build();
        PoolOptions.Builder pool = b.pool().toBuilder().readOnly(true).shared(false);
        if (b.pool().poolName() != null) {
            pool.poolName(b.pool().poolName() + "-replicas");
        }
        return copy(b, options, pool.build());
    }

    private static ClientOptions withRole(ClientOptions o, String targetServerType) {
        ClientOptions.Builder changed = o.toBuilder();
        // A role the user chose explicitly wins; so does their own recheck interval.
        if (!o.driverProperties().containsKey("targetServerType") || targetServerType.equals("preferSecondary")) {
            changed.driverProperty("targetServerType", targetServerType);
        }
        if (!o.driverProperties().containsKey("hostRecheckSeconds")) {
            changed.driverProperty("hostRecheckSeconds", HOST_RECHECK_SECONDS);
        }
        return changed.build();
    }

    private static PostgresClient.Builder copy(PostgresClient.Builder b, ClientOptions options, PoolOptions pool) {
        List<String> servers = new ArrayList<>(b.hosts());
        for (String replica : b.replicas()) {
            if (!servers.contains(replica)) {
                servers.add(replica);
            }
        }
        return PostgresClient.builder().hosts(servers).username(b.username()).password(b.password())
                .database(b.database()).options(options).pool(pool);
    }
}
