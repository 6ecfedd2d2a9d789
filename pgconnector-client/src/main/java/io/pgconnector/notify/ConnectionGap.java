package io.pgconnector.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A period in which the listener had no connection. PostgreSQL keeps no notifications for a session that is gone,
 * so anything notified between {@link #lostAt()} and {@link #restoredAt()} on these channels is lost: re-read the
 * state the notifications describe (clear a cache, re-scan a job table).
 *
 * @param lostAt     when the connection was found lost
 * @param restoredAt when the new connection was listening again on every channel
 * @param attempts   connection attempts it took (1 when the first attempt succeeded)
 * @param reason     why the connection was lost, as the driver reported it
 * @param channels   the channels listened on again, each of which may have missed notifications
 */
public record ConnectionGap(Instant lostAt, Instant restoredAt, int attempts, String reason, Set<String> channels) {

    /**
     * Checks the fields and copies the channel set.
     *
     * @param lostAt     not null
     * @param restoredAt not null
     * @param attempts   at least 1
     * @param reason     not null
     * @param channels   not null
     */
    public ConnectionGap {
        Objects.requireNonNull(lostAt, "lostAt");
        Objects.requireNonNull(restoredAt, "restoredAt");
        Objects.requireNonNull(reason, "reason");
        channels = Set.copyOf(channels);
    }

    /**
     * Returns how long the listener was not listening.
     *
     * @return {@code restoredAt - lostAt}
     */
    public Duration duration() {
        return Duration.between(lostAt, restoredAt);
    }
}
