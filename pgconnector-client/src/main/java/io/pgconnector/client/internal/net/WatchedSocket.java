package io.pgconnector.client.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;

/**
 * A plain TCP socket whose long read timeouts are kept by the {@link Watchdog} instead of the kernel.
 *
 * <p>{@link #setSoTimeout} with at least {@value #MIN_WATCHED_MILLIS} ms (pgjdbc's {@code socketTimeout},
 * {@code connectTimeout} during the login, HikariCP's validation timeout) leaves the real socket without a timeout,
 * so that the JDK reads it with one blocking call; the {@link #getInputStream() input stream} notes when each read
 * starts, and the watchdog closes the socket when a read has waited longer than the timeout. The read then throws
 * {@link SocketTimeoutException} "Read timed out", as with a kernel timeout, and pgjdbc reacts the same: it closes
 * the connection and reports an I/O error caused by it.
 *
 * <p>Shorter timeouts, 0, and any timeout set by pgjdbc's waits that take a timeout as "nothing yet" and go on
 * using the connection (the wait for notifications, {@code PGConnection.getNotifications(timeout)}, and the
 * replication stream's status interval) go to the real socket as before: closing the socket would end such a
 * connection. Such a wait also restores the previous timeout, which therefore stays with the kernel afterwards, as
 * before the watchdog; it costs nothing more there: once the JDK has read a socket with a timeout, it reads it in
 * non-blocking mode for good.
 *
 * <p>Extending {@link Socket} (not wrapping one) keeps connecting, options and TLS layering (pgjdbc layers its
 * {@code SSLSocket} over this one, whose reads and timeouts then come here) native.
 */
final class WatchedSocket extends Socket {
    /** The shortest timeout kept by the watchdog: pgjdbc's socketTimeout is whole seconds. */
    static final int MIN_WATCHED_MILLIS = 1000;
    /** {@link #readStart} when no read is waiting. */
    static final long IDLE = Long.MIN_VALUE;

    private static final VarHandle READ_START;

    static {
        try {
            READ_START = MethodHandles.lookup().findVarHandle(WatchedSocket.class, "readStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final StackWalker STACK = StackWalker.getInstance();

    /** The watched timeout in milliseconds, 0 when none (then the kernel's, if any, applies). */
    private volatile int watchMillis;
    /** When the waiting read started ({@link System#nanoTime()}), or {@link #IDLE}; written with release. */
    @SuppressWarnings("unused")
    private long readStart = IDLE;
    /** Set by the watchdog before it closes the socket because a read overran. */
    private volatile boolean timedOut;
    private volatile WatchedInput input;

    WatchedSocket() {
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        super.connect(endpoint, timeout);
        Watchdog.register(this);
    }

    @Override
    public void close() throws IOException {
        Watchdog.deregister(this);
        super.close();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout >= MIN_WATCHED_MILLIS && !setByPollingWait()) {
            super.setSoTimeout(0);
            watchMillis = timeout;
            Watchdog.watching(timeout * 1_000_000L);
        } else {
            watchMillis = 0;
            super.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        int watched = watchMillis;
        return watched > 0 ? watched : super.getSoTimeout();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream raw = super.getInputStream();
        WatchedInput in = input;
        if (in == null) {
            synchronized (this) {
                in = input;
                if (in == null) {
                    in = new WatchedInput(raw);
                    input = in;
                }
            }
        }
        return in;
    }

    /**
     * Returns the watched timeout in nanoseconds, 0 when none.
     *
     * @return the timeout
     */
    long watchNanos() {
        return watchMillis * 1_000_000L;
    }

    /**
     * Returns the timeout the kernel applies to reads, 0 while the watchdog keeps one; for tests.
     *
     * @return the real socket's {@code SO_TIMEOUT}
     * @throws SocketException if the socket is closed
     */
    int kernelSoTimeout() throws SocketException {
        return super.getSoTimeout();
    }

    /**
     * Called by the watchdog: closes the socket if a read has waited longer than the watched timeout.
     *
     * @param now {@link System#nanoTime()}
     * @return whether it closed the socket
     */
    boolean expireIfOverdue(long now) {
        long limit = watchNanos();
        long start = (long) READ_START.getAcquire(this);
        if (limit == 0 || start == IDLE || now - start <= limit) {
            return false;
        }
        timedOut = true;
        try {
            close();
        } catch (IOException e) {
            // Closing is all that was wanted; the reader learns of the timeout from timedOut.
        }
        return true;
    }

    /**
     * Returns whether the timeout being set comes from one of pgjdbc's waits that take a timeout as "nothing yet":
     * {@code QueryExecutorImpl.processNotifies} (notifications) and the replication protocol. Looked at only for
     * timeouts the watchdog would keep, which pgjdbc and HikariCP set a few times per connection or validation.
     */
    private static boolean setByPollingWait() {
        return STACK.walk(WatchedSocket::pollingWait);
    }

    private static boolean pollingWait(Stream<StackWalker.StackFrame> frames) {
        return frames.limit(16).anyMatch(f -> {
            String type = f.getClassName();
            return type.equals("org.postgresql.core.v3.QueryExecutorImpl")
                    && f.getMethodName().equals("processNotifies")
                    || type.startsWith("org.postgresql.core.v3.replication.");
        });
    }

    /** The exception of a kernel read timeout, which pgjdbc knows. */
    private static IOException timeout() {
        return new SocketTimeoutException("Read timed out");
    }

    /** The socket's input: reads are timed for the watchdog while a watched timeout is set. */
    private final class WatchedInput extends InputStream {
        private final InputStream in;

        WatchedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (watchMillis == 0) {
                return in.read();
            }
            begin();
            try {
                return ended(in.read());
            } catch (IOException e) {
                throw failed(e);
            } finally {
                READ_START.setRelease(WatchedSocket.this, IDLE);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (watchMillis == 0) {
                return in.read(b, off, len);
            }
            begin();
            try {
                return ended(in.read(b, off, len));
            } catch (IOException e) {
                throw failed(e);
            } finally {
                READ_START.setRelease(WatchedSocket.this, IDLE);
            }
        }

        private void begin() throws IOException {
            if (timedOut) {
                throw timeout();
            }
            READ_START.setRelease(WatchedSocket.this, System.nanoTime());
        }

        private int ended(int n) throws IOException {
            if (n < 0 && timedOut) {
                throw timeout();
            }
            return n;
        }

        private IOException failed(IOException e) {
            return timedOut && !(e instanceof SocketTimeoutException) ? timeout() : e;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            WatchedSocket.this.close();
        }
    }
}
