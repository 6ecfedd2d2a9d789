package io.pgconnector.client.internal.net;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** A user's own {@code socketFactory}: plain JDK sockets, so that {@code socketTimeout} is the kernel's again. */
public final class KernelTimeoutSocketFactory extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();

    /** Called reflectively by pgjdbc. */
    public KernelTimeoutSocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        return plain.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return plain.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return plain.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return plain.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return plain.createSocket(address, port, localAddress, localPort);
    }
}
