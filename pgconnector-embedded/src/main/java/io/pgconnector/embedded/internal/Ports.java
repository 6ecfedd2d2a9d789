package io.pgconnector.embedded.internal;

import io.pgconnector.embedded.EmbeddedPostgresException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Chooses free TCP ports, never handing out the same port twice in one JVM. */
public final class Ports {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A port that is free on the loopback interface right now.
     *
     * @return the port
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new EmbeddedPostgresException("Could not find a free TCP port: " + e, e);
            }
        }
        throw new EmbeddedPostgresException("Could not find a free TCP port not used before in this JVM");
    }
}
