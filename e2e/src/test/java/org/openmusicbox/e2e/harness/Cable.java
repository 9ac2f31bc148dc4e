package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain TCP forwarder between a box and the broker's device listener, so a test can cut the box's link and give
 * it back while both processes keep running, as a home router losing the internet does. While cut it closes every
 * open connection and every new one at once: the box sees its link drop and retries, the broker sees the box go.
 */
public final class Cable implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private Cable(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** Forwards a free loopback port to {@code targetPort} on loopback. */
    public static Cable to(int targetPort) {
        try {
            Cable cable = new Cable(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
            Thread accepting = new Thread(cable::accept, "cable-" + targetPort);
            accepting.setDaemon(true);
            accepting.start();
            return cable;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL a box is given instead of the broker's. */
    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        cut = true;
        open.forEach(Cable::closeQuietly);
        open.clear();
    }

    public synchronized void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket box;
            try {
                box = server.accept();
            } catch (IOException closed) {
                return;
            }
            // One lock with cut(), so a connection accepted while the link is being cut cannot slip through.
            synchronized (this) {
                if (cut) {
                    closeQuietly(box);
                    continue;
                }
                try {
                    Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(box);
                    open.add(broker);
                    pump(box, broker);
                    pump(broker, box);
                } catch (IOException brokerDown) {
                    closeQuietly(box);
                }
            }
        }
    }

    /** Copies one direction until either side ends, then ends both, as a cut cable ends a TCP connection. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException ended) {
                        // the other pump or cut() closed a socket: the connection is over either way
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "cable-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
