package io.pgconnector.client.internal.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread, {@value #THREAD_NAME}, that keeps the read timeouts of open {@link WatchedSocket}s: every
 * {@code min(1 s, shortest timeout / 4)} it closes the sockets whose current read has waited longer than their
 * timeout. Started by the first socket that connects; it parks while no socket is open. Readers only write a
 * timestamp: no lock, no allocation on their path.
 */
final class Watchdog {
    /** The thread's name. */
    static final String THREAD_NAME = "pgconnector-socket-watchdog";
    private static final long MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Set<WatchedSocket> SOCKETS = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;
    /** The interval the thread sleeps now; a socket with a shorter timeout wakes it. */
    private static volatile long intervalNanos = MAX_INTERVAL_NANOS;

    private Watchdog() {
    }

    /**
     * Watches a socket from now until {@link #deregister}; starts the thread if needed.
     *
     * @param s a connected socket
     */
    static void register(WatchedSocket s) {
        SOCKETS.add(s);
        Thread t = thread;
        if (t == null) {
            t = start();
        }
        LockSupport.unpark(t);
    }

    /**
     * Stops watching a socket (closed).
     *
     * @param s the socket
     */
    static void deregister(WatchedSocket s) {
        SOCKETS.remove(s);
    }

    /**
     * Tells the watchdog that a socket's timeout is now {@code timeoutNanos}: if it needs a shorter interval than
     * the current one the thread wakes to rescan.
     *
     * @param timeoutNanos the socket's timeout
     */
    static void watching(long timeoutNanos) {
        Thread t = thread;
        if (t != null && timeoutNanos / 4 < intervalNanos) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Returns the sockets watched now (connected, not closed); for tests.
     *
     * @return a read-only view
     */
    static Set<WatchedSocket> sockets() {
        return java.util.Collections.unmodifiableSet(SOCKETS);
    }

    private static synchronized Thread start() {
        Thread t = thread;
        if (t == null) {
            t = new Thread(Watchdog::run, THREAD_NAME);
            t.setDaemon(true);
            t.setContextClassLoader(null);
            t.start();
            thread = t;
        }
        return t;
    }

    private static void run() {
        while (true) {
            long shortest = Long.MAX_VALUE;
            long now = System.nanoTime();
            for (WatchedSocket s : SOCKETS) {
                try {
                    long limit = s.watchNanos();
                    if (limit > 0) {
                        shortest = Math.min(shortest, limit);
                        s.expireIfOverdue(now);
                    }
                } catch (RuntimeException e) {
                    // One socket's trouble must not end the watch of the others.
                }
            }
            long interval = Math.min(MAX_INTERVAL_NANOS, shortest / 4);
            intervalNanos = interval;
            if (SOCKETS.isEmpty()) {
                LockSupport.park();
            } else {
                LockSupport.parkNanos(interval);
            }
        }
    }
}
