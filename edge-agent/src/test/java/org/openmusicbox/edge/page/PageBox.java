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

    /** @param extra settings over the defaults above (a new box: {@link #unclaimed}) */
    PageBox(Path data, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of(
                "omb.data-dir", data.toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent",
                "omb.nfc.reader", "simulated",
                "omb.controls.enabled", "false",
                "omb.auth.token", TOKEN,
                "omb.setup.code-iterations", "1000"));
        props.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
    }

    /**
     * A box as it leaves the shop: no configured token, so nobody's until a parent claims it; the buttons are
     * the web's stand-in ({@link #press}), the reader the simulated one.
     */
    static PageBox unclaimed(Path data, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("omb.auth.token", "");
        return new PageBox(data, props);
    }

    /** A short press of one of the box's buttons (next, previous, play_pause), as a hand would. */
    void press(String button) {
        hold(button);
        release(button);
    }

    void hold(String button) {
        open("POST", "/api/controls/simulator/buttons/" + button + "/down");
    }

    void release(String button) {
        open("POST", "/api/controls/simulator/buttons/" + button + "/up");
    }

    /** GET /api/setup's data: state, box_name, expires_at. */
    JsonNode setup() {
        return open("GET", "/api/setup");
    }

    /** An open route, sent without any credential. */
    JsonNode open(String method, String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url() + path.substring(1)))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
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
        open("POST", "/api/nfc/simulator/tags/" + uid);
    }

    void liftTag(String uid) {
        open("DELETE", "/api/nfc/simulator/tags/" + uid);
    }

    @Override
    public void close() {
        agent.close();
    }
}
