package org.openmusicbox.edge.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object store for tests on a free port: serves bytes by path with Range support, and can be told to
 * cut the next response after some bytes, to answer 403 as an expired presigned URL does, to ignore
 * Range, or to hold responses until released.
 */
final class MediaServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    volatile long cutNextAfter = -1;
    volatile boolean forbidden;
    volatile boolean ignoreRange;
    volatile CountDownLatch gate;
    /** Set with {@link #cutNextAfter}: the response then stops mid-body and holds the connection open. */
    volatile boolean holdInsteadOfCut;

    final CountDownLatch heldMidBody = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    final CountDownLatch arrived = new CountDownLatch(1);

    MediaServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    URI put(String path, byte[] body) {
        files.put(path, body);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "?X-Amz-Signature=s3cr3t");
    }

    /** Each request as {@code <path> <Range header or "-">}, in arrival order. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private synchronized void record(String line) {
        requests.add(line);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        String path = exchange.getRequestURI().getPath();
        record(path + " " + (range == null ? "-" : range));
        arrived.countDown();
        try (exchange) {
            CountDownLatch held = gate;
            if (held != null && !held.await(20, TimeUnit.SECONDS)) {
                throw new IOException("test never released the gate");
            }
            byte[] body = files.get(path);
            if (forbidden) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int start = 0;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && !ignoreRange) {
                start = Integer.parseInt(m.group(1));
                if (start >= body.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders()
                        .set("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - start);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            OutputStream out = exchange.getResponseBody();
            long cut = cutNextAfter;
            if (cut >= 0) {
                cutNextAfter = -1;
                out.write(body, start, (int) cut);
                out.flush();
                if (holdInsteadOfCut) {
                    heldMidBody.countDown();
                    closing.await(60, TimeUnit.SECONDS);
                }
                // Thrown out of the handler, the server drops the connection mid-body.
                throw new IOException("cut by the test after " + cut + " bytes");
            }
            out.write(body, start, body.length - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
