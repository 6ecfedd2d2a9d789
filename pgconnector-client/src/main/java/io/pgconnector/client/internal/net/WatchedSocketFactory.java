package io.pgconnector.client.internal.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The {@code socketFactory} that the client names in its pgjdbc properties when a {@code socketTimeout} is set: it
 * makes {@link WatchedSocket}s, which keep that bound with the shared {@link Watchdog} instead of the kernel's
 * {@code SO_TIMEOUT}. With {@code SO_TIMEOUT} the JDK reads a socket in non-blocking mode, a failed read, a poll and
 * a second read each time; a watched socket reads with one blocking call. pgjdbc creates one factory per connection
 * attempt by reflection, so the class and its constructor are public and its package is exported to pgjdbc.
 */
public final class WatchedSocketFactory extends SocketFactory {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedSocketFactory.class);

    /** Whether pgjdbc's class loader sees this class; looked up once. */
    private static final class Visibility {
        static final boolean VISIBLE = check();

        private static boolean check() {
            String name = WatchedSocketFactory.class.getName();
            boolean visible;
            try {
                Class<?> driver = org.postgresql.Driver.class;
                visible = Class.forName(name, false, driver.getClassLoader()) == WatchedSocketFactory.class
                        && WatchedSocketFactory.class.getModule().isExported(
                                WatchedSocketFactory.class.getPackageName(), driver.getModule());
            } catch (ClassNotFoundException | LinkageError e) {
                visible = false;
            }
            if (!visible) {
                LOG.debug("pgjdbc cannot load {}; socketTimeout is kept by the kernel's SO_TIMEOUT", name);
            }
            return visible;
        }
    }

    /** Creates the factory; called reflectively by pgjdbc. */
    public WatchedSocketFactory() {
    }

    /**
     * Returns whether pgjdbc can create this factory: false when it lives in a class loader that pgjdbc's does not
     * see (then the client leaves the socket timeout to the kernel).
     *
     * @return whether the factory can be named in pgjdbc's properties
     */
    public static boolean usable() {
        return Visibility.VISIBLE;
    }

    @Override
    public Socket createSocket() {
        return new WatchedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private static Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket s = new WatchedSocket();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
