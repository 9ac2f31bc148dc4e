package org.openmusicbox.cloud.device.iot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for IoT Core's data plane on a loopback port (the JDK's HTTP server): it keeps every request as it
 * arrived and answers 200 as the real one does, or the answers a test queued with {@link #answer}.
 */
public final class DataPlaneStub implements AutoCloseable {

    /** One request: the raw path (percent-encoded as sent), the decoded query, headers by lower-case name, body. */
    public record Request(
            String method, String rawPath, Map<String, String> query, Map<String, String> headers, byte[] body) {

        /** The topic of a {@code POST /topics/{topic}}, decoded. */
        public String topic() {
            if (!rawPath.startsWith("/topics/")) {
                throw new AssertionError("not a publish: " + rawPath);
            }
            return URLDecoder.decode(rawPath.substring("/topics/".length()), StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    private DataPlaneStub(HttpServer server) {
        this.server = server;
    }

    public static DataPlaneStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            DataPlaneStub stub = new DataPlaneStub(server);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to set as {@code omb.iot.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request is answered with this status and body (then 200 again). */
    public synchronized DataPlaneStub answer(int status, String body) {
        answers.add(new Answer(status, body));
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        Answer answer;
        synchronized (this) {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    query(exchange.getRequestURI().getRawQuery()),
                    headers,
                    body));
            answer = answers.isEmpty() ? new Answer(200, "{\"message\":\"OK\",\"traceId\":\"stub\"}") : answers.poll();
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
