package org.openmusicbox.edge.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.protocol.json.JsonCodec;

/** The whole agent on a data directory, with the HTTP calls the storage tests make. */
final class RunningBox implements AutoCloseable {

    record Reply(int status, JsonNode body) {
        String errorType() {
            return body.path("error_type").asText();
        }

        String message() {
            return body.path("message").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final JsonCodec JSON = new JsonCodec();
    private final HttpClient http = HttpClient.newHttpClient();
    final EdgeAgent agent;

    RunningBox(Path dataDir, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of(
                "omb.auth.mode", "off",
                "omb.data-dir", dataDir.toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent"));
        props.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
    }

    RunningBox(Path dataDir) {
        this(dataDir, Map.of());
    }

    Reply get(String path) throws Exception {
        return send("GET", path, null);
    }

    Reply send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path));
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        return new Reply(r.statusCode(), text.isEmpty() ? JSON.readTree("{}".getBytes()) : JSON.readTree(r.body()));
    }

    /** Sends chunk {@code index} of an upload as multipart/form-data, field {@code file}. */
    Reply chunk(String playlistId, String sessionId, int index, byte[] bytes) throws Exception {
        String boundary = "----omb-storage-test";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort()
                        + "/api/playlists/" + playlistId + "/uploads/" + sessionId + "/chunks/" + index))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    /**
     * Health once the start-up storage check has reported (it runs off the start path); fails after
     * the deadline if it never does.
     */
    Reply healthAfterCheck() throws Exception {
        return waitFor(
                "/api/health",
                r -> !r.body()
                        .path("data")
                        .path("details")
                        .path("storage")
                        .asText()
                        .startsWith("Not checked yet"),
                20_000);
    }

    Reply waitFor(String path, Predicate<Reply> done, long deadlineMs) throws Exception {
        long end = System.nanoTime() + deadlineMs * 1_000_000;
        Reply last;
        do {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(25); // between polls of a condition with a deadline, not a guess at timing
        } while (System.nanoTime() < end);
        throw new AssertionError(
                "no answer of " + path + " met the condition within " + deadlineMs + " ms; last: " + last);
    }

    @Override
    public void close() {
        agent.close();
    }
}
