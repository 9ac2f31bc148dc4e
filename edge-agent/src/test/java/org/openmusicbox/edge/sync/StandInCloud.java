package org.openmusicbox.edge.sync;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * The cloud's media side as the box sees it: an {@link Outlet} that answers {@code media/requests} on
 * {@code media/urls} through the box's {@link Arrivals}, and a loopback HTTP server standing for S3 (GET and PUT of
 * {@code /media/<key>}). What it answers can be scripted per request.
 */
final class StandInCloud implements Outlet, AutoCloseable {

    private static final JsonCodec JSON = new JsonCodec();

    final Map<String, byte[]> store = new ConcurrentHashMap<>();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final List<MediaRequest> requests = new CopyOnWriteArrayList<>();
    /** The next answers, by request; null answers as a real cloud would. */
    volatile Function<MediaRequest, MediaAnswer> script = r -> null;
    /** When set, the object a PUT stores is replaced by these bytes (a store that corrupts). */
    volatile byte[] corrupt;

    private final HttpServer http;
    private final String deviceId;
    private volatile Arrivals box;

    StandInCloud(String deviceId) throws IOException {
        this.deviceId = deviceId;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/media/", exchange -> {
            String key = exchange.getRequestURI().getPath().substring(1);
            try (exchange) {
                if (exchange.getRequestMethod().equals("PUT")) {
                    puts.incrementAndGet();
                    try (InputStream in = exchange.getRequestBody()) {
                        byte[] body = in.readAllBytes();
                        store.put(key, corrupt != null ? corrupt : body);
                    }
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    gets.incrementAndGet();
                    byte[] body = store.get(key);
                    if (body == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        http.start();
    }

    void serve(Arrivals box) {
        this.box = box;
    }

    @Override
    public boolean publish(String topic, byte[] payload) {
        if (!topic.equals(Topics.mediaRequests(deviceId))) {
            return true;
        }
        MediaRequest request = JSON.read(payload, MediaRequest.class);
        requests.add(request);
        MediaAnswer answer = script.apply(request);
        if (answer == null) {
            answer = answer(request);
        }
        box.arrived(Topics.mediaUrls(deviceId), JSON.toBytes(answer), () -> {});
        return true;
    }

    private MediaAnswer answer(MediaRequest r) {
        String key = r.objectKey();
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/" + key + "?X-Amz-Signature=x";
        return switch (r.action()) {
            case MediaRequest.PUT ->
                store.containsKey(key)
                        ? MediaAnswer.present(r.requestId(), key)
                        : MediaAnswer.url(r.requestId(), key, url, "2099-01-01T00:00:00Z");
            case MediaRequest.STORED ->
                sha256(store.get(key)).equals(r.sha256()) ? MediaAnswer.present(r.requestId(), key) : mismatch(r, key);
            default ->
                store.containsKey(key)
                        ? MediaAnswer.url(r.requestId(), key, url, "2099-01-01T00:00:00Z")
                        : MediaAnswer.error(r.requestId(), key, MediaAnswer.NOT_FOUND, "no such object");
        };
    }

    private MediaAnswer mismatch(MediaRequest r, String key) {
        store.remove(key);
        return MediaAnswer.error(r.requestId(), key, MediaAnswer.CHECKSUM_MISMATCH, "other bytes");
    }

    static String sha256(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
