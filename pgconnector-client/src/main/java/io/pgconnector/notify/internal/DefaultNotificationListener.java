package io.pgconnector.notify.internal;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.internal.Errors;
import io.pgconnector.client.internal.Notifications;
import io.pgconnector.client.internal.Pools;
import io.pgconnector.notify.NotificationHandler;
import io.pgconnector.notify.NotificationListener;
import io.pgconnector.notify.PayloadHandler;
import io.pgconnector.notify.ReconnectHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The listener: a {@link Reader} on its own connection feeding a {@link Dispatcher}. */
public final class DefaultNotificationListener implements NotificationListener {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultNotificationListener.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Map<String, Dispatcher.Delivery> channels = new ConcurrentHashMap<>();
    private final String target;
    private final int capacity;
    private final Dispatcher dispatcher;
    private final Reader reader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultNotificationListener(PostgresClient.Builder settings, Connection first, int capacity,
            Duration initialDelay, Duration maxDelay, Duration healthCheck, ReconnectHandler onReconnect)
            throws SQLException {
        int n = COUNTER.incrementAndGet();
        this.target = Pools.describe(settings);
        this.capacity = capacity;
        this.dispatcher = new Dispatcher(capacity, channels, onReconnect, "pgconnector-notify-handler-" + n);
        this.reader = new Reader(settings, target, channels, dispatcher, initialDelay, maxDelay, healthCheck, first,
                "pgconnector-notify-reader-" + n);
    }

    /**
     * Connects (failing fast) and starts the reader and handler threads.
     *
     * @param settings     the connection settings
     * @param capacity     the handler queue's capacity
     * @param initialDelay the first reconnection delay
     * @param maxDelay     the longest reconnection delay
     * @param healthCheck  the silence after which the connection is checked, zero for never
     * @param onReconnect  the gap handler
     * @return the listener
     */
    public static NotificationListener start(PostgresClient.Builder settings, int capacity, Duration initialDelay,
            Duration maxDelay, Duration healthCheck, ReconnectHandler onReconnect) {
        Connection first = Pools.connect(settings);
        try {
            DefaultNotificationListener listener = new DefaultNotificationListener(settings, first, capacity,
                    initialDelay, maxDelay, healthCheck, onReconnect);
            LOG.debug("Notification listener connected to {}", listener.target);
            return listener;
        } catch (SQLException e) {
            try {
                first.close();
            } catch (SQLException ignored) {
                // Already failing; the first error is the one to report.
            }
            throw Errors.translate(e, "Could not start the notification listener for " + Pools.describe(settings));
        }
    }

    @Override
    public void listen(String channel, NotificationHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        register(channel, handler::handle);
    }

    @Override
    public <T> void listen(String channel, Class<T> type, PayloadHandler<T> handler) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        register(channel, n -> handler.handle(n.payloadAs(type), n));
    }

    private void register(String channel, Dispatcher.Delivery delivery) {
        checkOpen();
        Notifications.checkChannel(channel);
        if (channels.putIfAbsent(channel, delivery) != null) {
            throw new ConfigurationException("The listener already listens on channel '" + channel
                    + "'; unlisten it first to change its handler");
        }
        try {
            await(reader.submit(Reader.Command.Kind.LISTEN, channel), "LISTEN " + channel);
        } catch (RuntimeException e) {
            channels.remove(channel, delivery);
            throw e;
        }
    }

    @Override
    public void unlisten(String channel) {
        checkOpen();
        Notifications.checkChannel(channel);
        if (channels.remove(channel) != null) {
            await(reader.submit(Reader.Command.Kind.UNLISTEN, channel), "UNLISTEN " + channel);
        }
    }

    @Override
    public Set<String> channels() {
        return Set.copyOf(channels.keySet());
    }

    @Override
    public int queueDepth() {
        return dispatcher.depth();
    }

    @Override
    public int queueCapacity() {
        return capacity;
    }

    @Override
    public double serverQueueUsage() {
        checkOpen();
        return await(reader.submit(Reader.Command.Kind.QUEUE_USAGE, null), "pg_notification_queue_usage()");
    }

    @Override
    public boolean isConnected() {
        return !closed.get() && reader.isConnected();
    }

    @Override
    public OptionalInt backendPid() {
        int pid = closed.get() ? 0 : reader.pid();
        return pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            reader.close();
            dispatcher.stop(5_000);
            LOG.debug("Notification listener for {} closed", target);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("The notification listener for " + target
                    + " is closed; create a new one");
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new PostgresException(what + " failed: " + e.getCause(), null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException("Interrupted while waiting for " + what, null, e);
        }
    }

    @Override
    public String toString() {
        return "NotificationListener[" + target + ", channels=" + channels.size()
                + (closed.get() ? ", closed" : isConnected() ? "" : ", reconnecting") + "]";
    }
}
