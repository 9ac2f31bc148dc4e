package org.openmusicbox.protocol.v1.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link NoDelaySockets} for {@code ssl://}: TLS sockets with Nagle's algorithm off, for the same reason (small
 * messages that each wait for an answer). Paho asks for an unconnected socket and connects it itself; the other
 * forms put TLS over a connected {@link NoDelaySockets} socket.
 */
final class NoDelayTlsSockets extends SSLSocketFactory {

    private final SSLSocketFactory tls;

    NoDelayTlsSockets(SSLSocketFactory tls) {
        this.tls = tls;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = tls.createSocket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        plain.setTcpNoDelay(true);
        return tls.createSocket(plain, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls.createSocket(NoDelaySockets.INSTANCE.createSocket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tls.createSocket(
                NoDelaySockets.INSTANCE.createSocket(host, port, localHost, localPort), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        // The address as the peer's name: no reverse lookup.
        return tls.createSocket(NoDelaySockets.INSTANCE.createSocket(host, port), host.getHostAddress(), port, true);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return tls.createSocket(
                NoDelaySockets.INSTANCE.createSocket(address, port, localAddress, localPort),
                address.getHostAddress(),
                port,
                true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
