package io.pgconnector.reliability.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port that pipes every connection to a target, and can turn into a black hole: bytes are
 * read and thrown away in both directions while every socket stays open, as when a network path silently dies (no
 * RST, no FIN). {@link #heal()} forwards again. One thread accepts; two threads pump each connection.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean blackHole;
    private volatile boolean closed;

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param targetHost the host to forward to
     * @param targetPort the port to forward to
     * @throws IOException if the listening socket cannot be opened
     */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the host clients connect to */
    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** @return the port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding: bytes are read and dropped, connections stay open. */
    public void blackHole() {
        blackHole = true;
    }

    /** Forwards again. */
    public void heal() {
        blackHole = false;
    }

    /** @return connections accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /** @return bytes forwarded so far, both directions */
    public long forwarded() {
        return forwarded.get();
    }

    /** @return bytes dropped in black-hole mode so far, both directions */
    public long dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(client);
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                sockets.add(upstream);
                pump(client, upstream, "up");
                pump(upstream, client, "down");
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (blackHole) {
                        dropped.addAndGet(n);
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    forwarded.addAndGet(n);
                }
            } catch (IOException e) {
                // The peer went away; close both sides below.
            } finally {
                // In black-hole mode a closed side is not reported to the other: the path is dead, not closed.
                if (!blackHole) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "tcp-proxy-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** Closes the listening socket and every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing is best effort.
        }
    }
}
