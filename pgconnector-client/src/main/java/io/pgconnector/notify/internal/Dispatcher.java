package io.pgconnector.notify.internal;

import io.pgconnector.notify.ConnectionGap;
import io.pgconnector.notify.Notification;
import io.pgconnector.notify.ReconnectHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The handler thread and the bounded queue that feeds it. The reader {@link #put}s; when the queue is full the reader
 * waits here (doing its other chores meanwhile) instead of dropping anything, so that the backlog shows up in the
 * server's notification queue where {@code pg_notification_queue_usage()} reports it.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** A channel's handler; looked up when a notification is handled, so an unlisten takes effect at once. */
    interface Delivery {
        void deliver(Notification n) throws Exception;
    }

    private final BlockingQueue<Object> queue;
    private final Map<String, Delivery> deliveries;
    private final ReconnectHandler onReconnect;
    private final Thread thread;
    private volatile boolean stopped;

    Dispatcher(int capacity, Map<String, Delivery> deliveries, ReconnectHandler onReconnect, String name) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.deliveries = deliveries;
        this.onReconnect = onReconnect;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a notification or a gap, waiting while the queue is full.
     *
     * @param event        a {@link Notification} or a {@link ConnectionGap}
     * @param choresPeriod how often to do the chores while waiting, in milliseconds
     * @param chores       what to do meanwhile (serve listen/unlisten and queue-usage requests)
     * @throws InterruptedException if the listener is closing
     */
    void put(Object event, long choresPeriod, Runnable chores) throws InterruptedException {
        if (queue.offer(event)) {
            return;
        }
        LOG.debug("The notification queue is full ({} waiting); reading from the server pauses", queue.size());
        while (!queue.offer(event, choresPeriod, TimeUnit.MILLISECONDS)) {
            if (stopped) {
                throw new InterruptedException("closing");
            }
            chores.run();
        }
    }

    int depth() {
        return queue.size();
    }

    boolean isHandlerThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread; a handler that is running finishes (waited for up to the limit), queued events are dropped. */
    void stop(long waitMillis) {
        stopped = true;
        thread.interrupt();
        if (!isHandlerThread()) {
            try {
                thread.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    private void loop() {
        while (!stopped) {
            Object event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (event instanceof Notification) {
                Notification n = (Notification) event;
                Delivery d = deliveries.get(n.channel());
                if (d == null) {
                    continue;
                }
                try {
                    d.deliver(n);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    // The payload is not logged: like a statement's parameter values it may be sensitive.
                    LOG.warn("The handler of channel '{}' failed on a notification from pid {}; delivery continues",
                            n.channel(), n.senderPid(), e);
                }
            } else {
                ConnectionGap gap = (ConnectionGap) event;
                try {
                    onReconnect.onReconnect(gap);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.warn("The reconnect handler failed for a gap of {}; delivery continues", gap.duration(), e);
                }
            }
        }
    }
}
