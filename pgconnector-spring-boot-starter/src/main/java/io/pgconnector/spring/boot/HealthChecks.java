package io.pgconnector.spring.boot;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.client.PoolStats;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.Sql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The health checks, apart from Spring Boot's health API (which moved between Boot 3 and 4): each line's indicator
 * only turns a {@link Check} into its own {@code Health}.
 */
final class HealthChecks {
    private static final String SLOT_LAG_SQL = "SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint "
            + "FROM pg_replication_slots WHERE slot_name = ?";

    /** A check's outcome: {@code UP}, {@code DOWN} or {@code OUT_OF_SERVICE}, and what it saw. */
    record Check(String status, Map<String, Object> details) {
    }

    private HealthChecks() {
    }

    /** UP when a pooled connection answers {@code SELECT 1}. */
    static Check pool(PostgresClient client) {
        Map<String, Object> details = new LinkedHashMap<>();
        PoolStats stats = client.poolStats();
        details.put("total", stats.total());
        details.put("active", stats.active());
        details.put("idle", stats.idle());
        details.put("waiting", stats.waiting());
        try {
            client.queryRow(Sql.of("SELECT 1"), Integer.class);
            return new Check("UP", details);
        } catch (PostgresException e) {
            details.put("error", e.getClass().getSimpleName());
            if (e.sqlState() != null) {
                details.put("sqlState", e.sqlState());
            }
            return new Check("DOWN", details);
        }
    }

    /**
     * UP while running with the lag under the limits; DOWN when failed or lagging; OUT_OF_SERVICE when stopped.
     */
    static Check cdc(CdcListener listener, PostgresClient client, Optional<Duration> lag, CdcProperties limits) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("slot", listener.config().slotName());
        String status;
        if (listener.isLive()) {
            details.put("state", "running");
            status = "UP";
        } else if (listener.failure().isPresent()) {
            details.put("state", "failed");
            details.put("error", listener.failure().get().getClass().getSimpleName());
            status = "DOWN";
        } else {
            details.put("state", "stopped");
            status = "OUT_OF_SERVICE";
        }
        if (lag.isPresent()) {
            details.put("lagMillis", lag.get().toMillis());
            if ("UP".equals(status) && lag.get().compareTo(limits.getMaxLag()) > 0) {
                status = "DOWN";
                details.put("reason", "lag above " + limits.getMaxLag());
            }
        }
        Long bytes = lagBytes(client, listener.config().slotName());
        if (bytes != null) {
            details.put("lagBytes", bytes);
            if ("UP".equals(status) && bytes > limits.getMaxLagBytes()) {
                status = "DOWN";
                details.put("reason", "slot more than " + limits.getMaxLagBytes() + " bytes behind");
            }
        }
        return new Check(status, details);
    }

    private static Long lagBytes(PostgresClient client, String slot) {
        try {
            return client.queryOptional(Sql.of(SLOT_LAG_SQL, slot), Long.class).orElse(null);
        } catch (PostgresException e) {
            return null;
        }
    }
}
