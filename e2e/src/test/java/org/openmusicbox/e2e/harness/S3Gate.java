package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The S3 endpoint the cloud presigns for and the box reaches: a TCP forwarder to s3proxy that can be shut (every
 * connection dropped and new ones refused, as an S3 outage looks to the box), slowed on the way back (so a large
 * download is still running when the test kills the box), and that notes the request line of every PUT. Forwarding
 * bytes unchanged keeps the Host header the URLs were signed for, so s3proxy's signature check still passes.
 */
public final class S3Gate implements AutoCloseable {

    private static final byte[] PUT = "PUT /".getBytes(StandardCharsets.US_ASCII);

    private final int port = Ports.free();
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> puts = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile long bytesPerSecond;

    private S3Gate(int targetPort) {
        this.targetPort = targetPort;
    }

    /** Opens the gate on a free loopback port in front of {@code s3}. */
    public static S3Gate before(S3 s3) {
        S3Gate gate = new S3Gate(java.net.URI.create(s3.endpoint()).getPort());
        gate.open();
        return gate;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers again on the same port. */
    public synchronized void open() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            Thread accepting = new Thread(() -> accept(s), "s3-gate-" + port);
            accepting.setDaemon(true);
            accepting.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** S3 goes away: open connections are dropped and nothing answers on the port until {@link #open()}. */
    public synchronized void shut() {
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
        open.forEach(S3Gate::closeQuietly);
        open.clear();
    }

    /** Answers to downloads of {@code media/} objects go at most this fast; 0 for no limit. */
    public void slowTo(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** The request line of each PUT seen so far (the path names the object), in order. */
    public List<String> puts() {
        return List.copyOf(puts);
    }

    @Override
    public void close() {
        shut();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                Scan scan = new Scan();
                pump(client, target, scan, true);
                pump(target, client, scan, false);
            } catch (IOException e) {
                // shut() closed the listener, or s3proxy refused: the client sees its connection end.
            }
        }
    }

    private void pump(Socket from, Socket to, Scan scan, boolean request) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer, 0, request ? buffer.length : chunk())) > 0) {
                            if (request) {
                                notePuts(scan, buffer, n);
                            } else {
                                if (scan.mediaGet) {
                                    pace(n);
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException closed) {
                        // One side went: the other is closed below, as a real connection would end.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "s3-gate-pump");
        t.setDaemon(true);
        t.start();
    }

    private int chunk() {
        long rate = bytesPerSecond;
        return rate == 0 ? 16 * 1024 : (int) Math.max(1024, Math.min(16 * 1024, rate / 20));
    }

    private void pace(int n) {
        long rate = bytesPerSecond;
        if (rate > 0) {
            LockSupport.parkNanos(n * 1_000_000_000L / rate);
        }
    }

    /** The request stream of one connection, scanned for PUT request lines also across reads. */
    private static final class Scan {
        byte[] tail = new byte[0];
        /** Stream offset of {@code tail[0]}, and the offset after the last line noted. */
        long tailAt;

        long notedUpTo;
        /** A GET of a {@code media/} object went through here: its answer is what {@link #slowTo} slows. */
        volatile boolean mediaGet;
    }

    /**
     * A body could hold "PUT /" by chance; the test's generated audio does not. A download is told by its request
     * line alone ({@code GET /<bucket>/media/...}), so the cloud's own reads of {@code incoming/} are never slowed.
     */
    private void notePuts(Scan scan, byte[] buffer, int n) {
        byte[] seen = new byte[scan.tail.length + n];
        System.arraycopy(scan.tail, 0, seen, 0, scan.tail.length);
        System.arraycopy(buffer, 0, seen, scan.tail.length, n);
        if (!scan.mediaGet) {
            String text = new String(seen, StandardCharsets.ISO_8859_1);
            int get = text.indexOf("GET /");
            int space = get < 0 ? -1 : text.indexOf(' ', get + 4);
            scan.mediaGet = space > 0 && text.substring(get, space).contains("/media/");
        }
        for (int i = 0; i + PUT.length <= seen.length; i++) {
            if (scan.tailAt + i < scan.notedUpTo || !matches(seen, i)) {
                continue;
            }
            int end = i;
            while (end < seen.length && seen[end] != '\r') {
                end++;
            }
            if (end == seen.length) {
                break;
            }
            String line = new String(seen, i, end - i, StandardCharsets.US_ASCII);
            int query = line.indexOf('?');
            puts.add(query < 0 ? line : line.substring(0, query));
            scan.notedUpTo = scan.tailAt + end;
        }
        int keep = Math.min(1024, seen.length);
        scan.tail = java.util.Arrays.copyOfRange(seen, seen.length - keep, seen.length);
        scan.tailAt += seen.length - keep;
    }

    private static boolean matches(byte[] seen, int at) {
        for (int j = 0; j < PUT.length; j++) {
            if (seen[at + j] != PUT[j]) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
