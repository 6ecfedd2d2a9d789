package io.pgconnector.notify.internal;

import io.pgconnector.errors.ClientClosedException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.internal.Errors;
import io.pgconnector.client.internal.Notifications;
import io.pgconnector.client.internal.Pools;
import io.pgconnector.notify.ConnectionGap;
import io.pgconnector.notify.Notification;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reader thread: the only user of the listener's connection. It blocks in pgjdbc's
 * {@code getNotifications(timeout)} (which returns as soon as a notification arrives), and between waits runs the
 * LISTEN/UNLISTEN/queue-usage requests of other threads, checks a silent connection, and reconnects with backoff when
 * the connection is lost.
 */
final class Reader {
    private static final Logger LOG = LoggerFactory.getLogger(Reader.class);
    /** How long one wait lasts at most, so that requests of other threads are served within it. */
    static final int WAIT_SLICE_MS = 100;
    private static final long MAX_HEALTH_CHECK_SECONDS = 10;

    /** A request served on the connection by the reader thread. */
    static final class Command {
        enum Kind { LISTEN, UNLISTEN, QUEUE_USAGE }

        final Kind kind;
        final String channel;
        final CompletableFuture<Double> done = new CompletableFuture<>();

        Command(Kind kind, String channel) {
            this.kind = kind;
            this.channel = channel;
        }
    }

    private final PostgresClient.Builder settings;
    private final String target;
    private final Map<String, Dispatcher.Delivery> channels;
    private final Dispatcher dispatcher;
    private final long initialDelayNanos;
    private final long maxDelayNanos;
    private final long healthCheckNanos;
    private final int healthCheckTimeoutSeconds;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Connection current;
    private volatile int pid;
    private volatile boolean closed;

    Reader(PostgresClient.Builder settings, String target, Map<String, Dispatcher.Delivery> channels,
            Dispatcher dispatcher, Duration initialDelay, Duration maxDelay, Duration healthCheck, Connection first,
            String threadName) throws SQLException {
        this.settings = settings;
        this.target = target;
        this.channels = channels;
        this.dispatcher = dispatcher;
        this.initialDelayNanos = initialDelay.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.healthCheckNanos = healthCheck.toNanos();
        // A check waits no longer than the silence that triggered it (1 to 10 s).
        this.healthCheckTimeoutSeconds = (int) Math.max(1, Math.min(MAX_HEALTH_CHECK_SECONDS, healthCheck.toSeconds()));
        this.current = first;
        this.pid = first.unwrap(PGConnection.class).getBackendPID();
        this.thread = new Thread(() -> loop(first), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<Double> submit(Command.Kind kind, String channel) {
        Command c = new Command(kind, channel);
        commands.add(c);
        if (closed) {
            failPending();
        }
        return c.done;
    }

    boolean isConnected() {
        return !closed && current != null;
    }

    int pid() {
        return current == null ? 0 : pid;
    }

    void close() {
        closed = true;
        Connection c = current;
        if (c != null) {
            // Closing the socket under the blocked read is the only way to end the wait at once.
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Aborting the listener connection failed", e);
            }
        }
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failPending();
    }

    private void loop(Connection first) {
        Connection c = first;
        Instant lostAt = null;
        String reason = null;
        long lastHeard = System.nanoTime();
        while (!closed) {
            try {
                if (c == null) {
                    c = reconnect(lostAt, reason);
                    lastHeard = System.nanoTime();
                    continue;
                }
                serveCommands(c);
                if (healthCheckNanos > 0 && System.nanoTime() - lastHeard > healthCheckNanos) {
                    if (!c.isValid(healthCheckTimeoutSeconds)) {
                        throw new SQLException("the connection check got no answer", "08006");
                    }
                    lastHeard = System.nanoTime();
                }
                PGNotification[] batch = c.unwrap(PGConnection.class).getNotifications(WAIT_SLICE_MS);
                if (batch != null && batch.length > 0) {
                    lastHeard = System.nanoTime();
                    deliver(c, batch);
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                lostAt = Instant.now();
                reason = e instanceof SQLException ? Errors.translate((SQLException) e).getMessage() : e.toString();
                LOG.warn("The notification listener lost its connection to {}: {}. Reconnecting; notifications sent "
                        + "until then are lost", target, reason);
                closeQuietly(c);
                c = null;
                current = null;
            } catch (InterruptedException e) {
                // close() interrupts; the loop condition ends the thread.
            }
        }
        closeQuietly(c);
        current = null;
        failPending();
    }

    private void deliver(Connection c, PGNotification[] batch) throws SQLException, InterruptedException {
        Object[] events = new Object[batch.length];
        for (int i = 0; i < batch.length; i++) {
            String payload = batch[i].getParameter() == null ? "" : batch[i].getParameter();
            events[i] = new Notification(batch[i].getName(), batch[i].getPID(), payload);
        }
        enqueue(c, events);
    }

    /** Queues events for the handler thread, serving requests while the queue is full. */
    private void enqueue(Connection c, Object... events) throws SQLException, InterruptedException {
        // A lost connection found by a request must not cost the events already read: queue them all first.
        SQLException[] failure = new SQLException[1];
        Runnable chores = () -> {
            if (failure[0] == null) {
                try {
                    serveCommands(c);
                } catch (SQLException e) {
                    failure[0] = e;
                }
            }
        };
        for (Object event : events) {
            dispatcher.put(event, WAIT_SLICE_MS, chores);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private Connection reconnect(Instant lostAt, String reason) throws InterruptedException, SQLException {
        long delay = initialDelayNanos;
        int attempts = 0;
        while (!closed) {
            attempts++;
            Connection c = null;
            try {
                c = Pools.connect(settings);
                Set<String> listened = Set.copyOf(channels.keySet());
                try (Statement st = c.createStatement()) {
                    for (String channel : listened) {
                        st.execute("LISTEN " + Notifications.quote(channel));
                    }
                }
                pid = c.unwrap(PGConnection.class).getBackendPID();
                current = c;
                if (closed) {
                    return c;
                }
                ConnectionGap gap = new ConnectionGap(lostAt, Instant.now(), attempts, reason, listened);
                LOG.info("The notification listener reconnected to {} after {} ms ({} attempt(s)) and listens again on "
                        + "{} channel(s)", target, gap.duration().toMillis(), attempts, listened.size());
                enqueue(c, gap);
                return c;
            } catch (SQLException | RuntimeException e) {
                current = null;
                closeQuietly(c);
                LOG.debug("Reconnection attempt {} to {} failed: {}", attempts, target, e.getMessage());
            }
            waitServingCommands(delay);
            delay = Math.min(Math.max(delay * 2, 1), maxDelayNanos);
        }
        return null;
    }

    private void serveCommands(Connection c) throws SQLException {
        Command cmd;
        while ((cmd = commands.poll()) != null) {
            try (Statement st = c.createStatement()) {
                switch (cmd.kind) {
                    case LISTEN:
                        st.execute("LISTEN " + Notifications.quote(cmd.channel));
                        cmd.done.complete(null);
                        break;
                    case UNLISTEN:
                        st.execute("UNLISTEN " + Notifications.quote(cmd.channel));
                        cmd.done.complete(null);
                        break;
                    default:
                        try (ResultSet rs = st.executeQuery("SELECT pg_notification_queue_usage()")) {
                            rs.next();
                            cmd.done.complete(rs.getDouble(1));
                        }
                }
            } catch (SQLException e) {
                if (isLost(c, e)) {
                    settleDisconnected(cmd);
                    throw e;
                }
                cmd.done.completeExceptionally(Errors.translate(e, "The notification listener's request failed"));
            }
        }
    }

    private void waitServingCommands(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (!closed && (left = deadline - System.nanoTime()) > 0) {
            Command cmd = commands.poll(left, TimeUnit.NANOSECONDS);
            if (cmd != null) {
                settleDisconnected(cmd);
            }
        }
    }

    /** Without a connection a listen or unlisten is done by the reconnection, which follows the channel map. */
    private void settleDisconnected(Command cmd) {
        if (cmd.kind == Command.Kind.QUEUE_USAGE) {
            cmd.done.completeExceptionally(new ConnectionException("The notification listener for " + target
                    + " is reconnecting; try again once it is connected", "08003", null));
        } else {
            cmd.done.complete(null);
        }
    }

    private void failPending() {
        Command cmd;
        while ((cmd = commands.poll()) != null) {
            cmd.done.completeExceptionally(new ClientClosedException("The notification listener for " + target
                    + " is closed; create a new one"));
        }
    }

    private static boolean isLost(Connection c, SQLException e) {
        String state = e.getSQLState();
        try {
            return c.isClosed() || state == null || state.startsWith("08") || state.startsWith("57P");
        } catch (SQLException ignored) {
            return true;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Closing the lost listener connection failed", e);
            }
        }
    }
}
