package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.config.ConfigLoader;

/** The web page's files over real HTTP: what is served, how browsers revalidate, and what is refused. */
class PageHttpTest {

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private EdgeAgent agent;

    private void start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "omb.data-dir", tmp.resolve("data").toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent",
                "omb.nfc.reader", "simulated",
                "omb.controls.enabled", "false"));
        props.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePackagedPageIsServedAtTheRootAndRevalidatedByItsEtag() throws Exception {
        start(Map.of());
        HttpResponse<String> page = get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script type=\"module\""), "the page itself");
        assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent());
        String etag = page.headers().firstValue("ETag").orElse(null);
        assertNotNull(etag);

        HttpResponse<String> again = get("/", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());

        HttpResponse<String> script = get("/js/main.js", null);
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    @Test
    void unknownNamesAndPathTricksAreRefusedWithTheErrorEnvelope() throws Exception {
        start(Map.of());
        for (String path : new String[] {"/no-such-page.html", "/js/../../etc/passwd", "/%2e%2e/pom.xml", "/.hidden.js",
                "/index.exe", "/api"}) {
            HttpResponse<String> refused = get(path, null);
            assertEquals(404, refused.statusCode(), path);
            assertTrue(refused.body().contains("\"error_type\":\"not_found\""), path + ": " + refused.body());
        }
        assertEquals(200, get("/api/health", null).statusCode(), "the API is untouched");
    }

    @Test
    void aFolderGivenByOmbWebDirIsServedAsItIsNow() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(folder.resolve("index.html"), "<p>first</p>");
        start(Map.of("omb.web.dir", folder.toString()));
        assertEquals("<p>first</p>", get("/", null).body());
        Files.writeString(folder.resolve("index.html"), "<p>edited</p>");
        assertEquals("<p>edited</p>", get("/", null).body(), "read again on every request");
        assertEquals(404, get("/../data/library.db", null).statusCode());
    }
}
