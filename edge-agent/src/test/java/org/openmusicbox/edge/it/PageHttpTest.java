package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.openmusicbox.edge.config.EdgeConfig;

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
        for (String path : new String[] {
            "/no-such-page.html", "/js/../../etc/passwd", "/%2e%2e/pom.xml", "/.hidden.js", "/index.exe", "/api"
        }) {
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

    @Test
    void aSinglePageAppInOmbWebDirGetsItsIndexForDeepLinksButNeverForFilesOrTheApi() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(folder.resolve("index.html"), "<div id=\"app\"></div>");
        Files.write(folder.resolve("favicon.ico"), new byte[] {0, 0, 1, 0});
        start(Map.of("omb.web.dir", folder.toString()));

        for (String deepLink : new String[] {"/library/123", "/playlist/3f2a-b1", "/settings/", "/caf%C3%A9"}) {
            HttpResponse<String> page = get(deepLink, null);
            assertEquals(200, page.statusCode(), deepLink);
            assertEquals("<div id=\"app\"></div>", page.body(), deepLink);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), deepLink);
        }
        for (String file : new String[] {
            "/app.js",
            "/assets/js/chunk-1.js",
            "/library/123.html",
            "/index.exe",
            "/.env",
            "/library/.git",
            "/js/../../etc/passwd",
            "/library//123"
        }) {
            HttpResponse<String> refused = get(file, null);
            assertEquals(404, refused.statusCode(), file);
            assertTrue(refused.body().contains("\"error_type\":\"not_found\""), file + ": " + refused.body());
        }
        for (String api : new String[] {"/api/nope", "/api/library/123", "/api", "/api/"}) {
            HttpResponse<String> refused = get(api, null);
            assertEquals(404, refused.statusCode(), api);
            assertTrue(refused.body().contains("\"error_type\":\"not_found\""), api + ": " + refused.body());
            assertFalse(refused.body().contains("id=\"app\""), api);
        }
        assertEquals(200, get("/api/health", null).statusCode(), "the API is untouched");

        HttpResponse<byte[]> icon = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + "/favicon.ico"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, icon.statusCode());
        assertEquals("image/x-icon", icon.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(new byte[] {0, 0, 1, 0}, icon.body());
    }

    @Test
    void theSinglePageFallbackNeedsAnIndexAndIsOnlyForAFolder() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("web"));
        start(Map.of("omb.web.dir", folder.toString()));
        assertEquals(404, get("/library/123", null).statusCode(), "no index.html in the folder");
        agent.close();
        agent = null;
        start(Map.of());
        assertEquals(404, get("/library/123", null).statusCode(), "the packaged page has no deep links");
    }

    @Test
    void ombWebCspLoosensTheFoldersPagesOnly() throws Exception {
        String loose = "default-src 'self'; script-src 'self' 'unsafe-eval'";
        start(Map.of());
        String strict =
                get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertFalse(strict.contains("unsafe-eval"), strict);
        agent.close();
        agent = null;

        start(Map.of("omb.web.csp", loose));
        assertEquals(
                strict,
                get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow(),
                "the packaged page keeps the strict policy whatever the setting");
        agent.close();
        agent = null;

        Path folder = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(folder.resolve("index.html"), "<div id=\"app\"></div>");
        start(Map.of("omb.web.dir", folder.toString()));
        assertEquals(
                strict,
                get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow(),
                "a folder without the setting gets the strict policy");
        agent.close();
        agent = null;

        start(Map.of("omb.web.dir", folder.toString(), "omb.web.csp", loose));
        assertEquals(
                loose,
                get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals(
                loose,
                get("/library/123", null)
                        .headers()
                        .firstValue("Content-Security-Policy")
                        .orElseThrow(),
                "deep links are the same page");
    }

    @Test
    void aCspThatWouldSplitTheHeaderIsRefusedAtStart() {
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(
                        null, Map.of(), Map.of("omb.web.csp", "default-src 'self'\r\nSet-Cookie: x=1")));
    }
}
