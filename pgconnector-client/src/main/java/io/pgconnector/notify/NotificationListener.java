package io.pgconnector.notify;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.PostgresClient;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Receives PostgreSQL notifications ({@code LISTEN}/{@code NOTIFY}) on its own dedicated connection, without polling:
 * a reader thread blocks until the server sends something, and hands each notification to the channel's handler on a
 * separate handler thread.
 *
 * <pre>{@code
 * try (NotificationListener listener = NotificationListener.builder(PostgresClient.builder()
 *                 .host("db").database("shop").username("app").password(secret))
 *         .onReconnect(gap -> cache.clear())              // notifications sent while disconnected are lost
 *         .build()) {
 *     listener.listen("prices", PriceChange.class, (change, n) -> cache.remove(change.sku()));
 *     ...
 * }
 * }</pre>
 *
 * <h2>Delivery</h2>
 * PostgreSQL delivers a notification to every session listening on its channel when the sending transaction commits,
 * once, in commit order; notifications of a rolled-back transaction are never delivered. The listener hands them to
 * handlers in the order received, one at a time. A notification sent while the listener has no connection is
 * <b>lost</b>: PostgreSQL keeps nothing for sessions that are gone. The listener reconnects with backoff, listens on
 * every channel again and then calls the {@link ReconnectHandler} with the {@link ConnectionGap}, so that you can
 * re-read what you may have missed.
 *
 * <h2>Back-pressure</h2>
 * Between the reader and the handler thread sits a bounded queue ({@link Builder#queueCapacity(int)}). When it is
 * full the reader stops reading from the server until the handler catches up: nothing is dropped, the notifications
 * wait in the server's notification queue instead, whose fill level {@link #serverQueueUsage()} shows (a full server
 * queue makes the senders' commits fail). Watch {@link #queueDepth()} and {@link #serverQueueUsage()} to see a handler
 * that cannot keep up.
 *
 * <p>A listener is thread-safe. Channel names are taken literally (case, spaces, quotes, unicode) and quoted as
 * identifiers, never spliced into SQL.
 */
public interface NotificationListener extends AutoCloseable {

    /**
     * Starts a builder that connects with the settings of a client builder: host, port, credentials, database and
     * {@link io.pgconnector.client.ClientOptions} including TLS. The pool options are not used: a listener holds one
     * connection of its own.
     *
     * @param connection the connection settings, read when {@link Builder#build()} is called
     * @return a builder
     */
    static Builder builder(PostgresClient.Builder connection) {
        return new Builder(Objects.requireNonNull(connection, "connection"));
    }

    /**
     * Listens on a channel, handing its notifications (payload as text) to the handler. Returns once the server
     * confirmed the {@code LISTEN} (at most about a tenth of a second later than the round trip, the reader's wait
     * slice), so every notification committed after this returns is delivered. When the listener is reconnecting,
     * it returns at once and the channel is listened on with the reconnection.
     *
     * @param channel the channel (not empty, at most 63 bytes in UTF-8)
     * @param handler the handler
     * @throws InvalidStatementException if the channel name is invalid
     * @throws ConfigurationException    if the listener already listens on the channel
     * @throws ClientClosedException     if the listener was closed
     */
    void listen(String channel, NotificationHandler handler);

    /**
     * Listens on a channel, reading each payload into {@code type} (see {@link Notification#payloadAs(Class)})
     * before handing it to the handler. Otherwise like {@link #listen(String, NotificationHandler)}.
     *
     * @param channel the channel
     * @param type    the payload type: a record or class filled from a JSON object, a scalar parsed from the text
     * @param handler the handler
     * @param <T>     the payload type
     * @throws InvalidStatementException if the channel name is invalid
     * @throws ConfigurationException    if the listener already listens on the channel
     * @throws ClientClosedException     if the listener was closed
     */
    <T> void listen(String channel, Class<T> type, PayloadHandler<T> handler);

    /**
     * Stops listening on a channel. Notifications of the channel still queued are discarded. Does nothing if the
     * listener does not listen on the channel.
     *
     * @param channel the channel
     * @throws InvalidStatementException if the channel name is invalid
     * @throws ClientClosedException     if the listener was closed
     */
    void unlisten(String channel);

    /**
     * Returns the channels listened on.
     *
     * @return an immutable snapshot
     */
    Set<String> channels();

    /**
     * Returns how many notifications (and gap events) wait for the handler thread.
     *
     * @return the number queued, at most {@link #queueCapacity()}
     */
    int queueDepth();

    /**
     * Returns the capacity of the handler queue.
     *
     * @return the capacity
     */
    int queueCapacity();

    /**
     * Returns the fill level of the server's notification queue, shared by all sessions of the server
     * ({@code pg_notification_queue_usage()}): 0 when empty, 1 when full (then commits that notify fail). It grows
     * when a listening session, this one or another, does not read its notifications.
     *
     * @return the fraction used, 0 to 1
     * @throws ConnectionException   if the listener is not connected
     * @throws ClientClosedException if the listener was closed
     */
    double serverQueueUsage();

    /**
     * Tells whether the listener has a working connection right now.
     *
     * @return false while reconnecting and after close
     */
    boolean isConnected();

    /**
     * Returns the process id of the listener's backend, for example to find it in {@code pg_stat_activity}.
     *
     * @return the pid, or empty while disconnected
     */
    OptionalInt backendPid();

    /**
     * Closes the connection and stops both threads. A handler running at that moment finishes; notifications still
     * queued are not delivered. Idempotent. Afterwards {@code listen}, {@code unlisten} and
     * {@code serverQueueUsage} throw {@link ClientClosedException}.
     */
    @Override
    void close();

    /**
     * Builds a {@link NotificationListener}. Defaults: queue capacity 10,000; reconnection delays from 100 ms doubling
     * to 30 s; a connection check every 30 s of silence; no reconnect handler.
     */
    final class Builder {
        private final PostgresClient.Builder connection;
        private int queueCapacity = 10_000;
        private Duration initialReconnectDelay = Duration.ofMillis(100);
        private Duration maxReconnectDelay = Duration.ofSeconds(30);
        private Duration healthCheckInterval = Duration.ofSeconds(30);
        private ReconnectHandler onReconnect = gap -> { };

        Builder(PostgresClient.Builder connection) {
            this.connection = connection;
        }

        /**
         * Sets the capacity of the queue between the reader and the handler thread (default 10,000). When it is
         * full the reader waits; see the class documentation on back-pressure.
         *
         * @param capacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Sets the delays between reconnection attempts: the first wait, doubled after each failed attempt up to the
         * maximum (defaults 100 ms and 30 s).
         *
         * @param initial the first delay, not negative
         * @param max     the longest delay, at least {@code initial}
         * @return this builder
         */
        public Builder reconnectDelay(Duration initial, Duration max) {
            this.initialReconnectDelay = Objects.requireNonNull(initial, "initial");
            this.maxReconnectDelay = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Sets how long the connection may be silent before the listener checks that it still works (default
         * 30 s); a dead network path is otherwise noticed only by TCP keep-alive. A check that gets no answer within
         * the same interval (1 to 10 s) counts as a lost connection. {@link Duration#ZERO} disables the check.
         *
         * @param interval the interval, not negative
         * @return this builder
         */
        public Builder healthCheckInterval(Duration interval) {
            this.healthCheckInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets the handler called after a reconnection, with what may have been missed.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder onReconnect(ReconnectHandler handler) {
            this.onReconnect = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Connects and starts the listener (with no channels yet; add them with {@code listen}).
         *
         * @return the running listener
         * @throws ConfigurationException                        if a setting is out of range
         * @throws ConnectionException                           if the server cannot be reached
         * @throws io.pgconnector.errors.AuthenticationException if the server refuses the credentials
         */
        public NotificationListener build() {
            if (queueCapacity < 1) {
                throw new ConfigurationException("queueCapacity must be at least 1, got " + queueCapacity);
            }
            if (initialReconnectDelay.isNegative() || maxReconnectDelay.compareTo(initialReconnectDelay) < 0) {
                throw new ConfigurationException("reconnectDelay needs 0 <= initial <= max, got "
                        + initialReconnectDelay + " and " + maxReconnectDelay);
            }
            if (healthCheckInterval.isNegative()) {
                throw new ConfigurationException("healthCheckInterval must not be negative");
            }
            return Implementations.startListener(connection, queueCapacity, initialReconnectDelay,
                    maxReconnectDelay, healthCheckInterval, onReconnect);
        }
    }
}
