package io.pgconnector.embedded.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JVM shutdown hook that closes every server still registered. */
public final class ShutdownHook {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private ShutdownHook() {
    }

    /**
     * Registers a server to be closed when the JVM exits.
     *
     * @param server the server
     */
    public static void register(AutoCloseable server) {
        synchronized (ShutdownHook.class) {
            if (!installed) {
                Thread hook = new Thread(ShutdownHook::closeAll, "pgconnector-embedded-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                installed = true;
            }
        }
        OPEN.add(server);
    }

    /**
     * Removes a server that was closed.
     *
     * @param server the server
     */
    public static void unregister(AutoCloseable server) {
        OPEN.remove(server);
    }

    private static void closeAll() {
        List<AutoCloseable> servers = new ArrayList<>(OPEN);
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception | Error e) {
                LOG.warn("Could not close {} at JVM shutdown: {}", server, e.toString());
            }
        }
    }
}
