package org.openmusicbox.edge.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * The whole agent in this JVM with the packaged web page, a simulated reader, silent audio and a known
 * parent token; plus a plain HTTP client for what a test does behind the page's back (another parent,
 * a child's tag).
 */
final class PageBox implements AutoCloseable {

    static final String TOKEN = "parent-page-token";
    private static final JsonCodec JSON = new JsonCodec();

    private final EdgeAgent agent;
    private final HttpClient http = HttpClient.newHttpClient();

    PageBox(Path data) {
        this(data, Map.of());
    }

    /** @param extra settings on top of the test box's, e.g. a small upload limit */
    PageBox(Path data, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "omb.data-dir", data.toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent",
                "omb.nfc.reader", "simulated",
                "omb.controls.enabled", "false",
                "omb.auth.token", TOKEN));
        settings.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), settings));
    }

    String url() {
        return "http://127.0.0.1:" + agent.httpPort() + "/";
    }

    int httpPort() {
        return agent.httpPort();
    }

    int socketPort() {
        return agent.socketPort();
    }

    /** Sends a request as the parent and returns the envelope's data, failing on anything but 2xx. */
    JsonNode api(String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path.substring(1)))
                    .header("Authorization", "Bearer " + TOKEN)
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8))
                    .path("data");
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    void placeTag(String uid) {
        api("POST", "/api/nfc/simulator/tags/" + uid, null);
    }

    void liftTag(String uid) {
        api("DELETE", "/api/nfc/simulator/tags/" + uid, null);
    }

    @Override
    public void close() {
        agent.close();
    }
}
