package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;

/**
 * A page from another site, open in a tab of the parent's browser while the box's page is signed in
 * next to it, tries to change the box every way a browser allows (see {@code attacker.html}). The
 * parent's token stays with the box's page, so nothing may change; the parent's own tab still can.
 */
class OtherSitePageTest {

    @TempDir
    Path tmp;

    @Test
    void aPageFromAnotherSiteInTheParentsBrowserChangesNothing() throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser browser = Browser.open(1024, 768)) {
            String dinosaurs = box.api("POST", "/api/playlists", "{\"title\":\"Dinosaurs\"}")
                    .path("id")
                    .asText();
            byte[] page = attackerPage(box, dinosaurs);
            site.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            site.start();

            Parent parent = new Parent(browser, box.url()).opens().logsIn(PageBox.TOKEN);
            String parentTab = browser.driver().getWindowHandle();
            JsonNode before = snapshot(box);

            browser.driver().switchTo().newWindow(WindowType.TAB);
            browser.go("http://localhost:" + site.getAddress().getPort() + "/colouring.html");
            Map<?, ?> attack =
                    browser.until("the other site's page to finish its attempts", Duration.ofSeconds(120), d -> {
                        Object state = browser.script("return window.__attack");
                        return state instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("done")) ? m : null;
                    });
            List<?> results = (List<?>) attack.get("results");
            String report =
                    String.join("\n", results.stream().map(String::valueOf).toList());
            assertTrue(
                    ((Number) attack.get("delivered")).intValue() > 0,
                    "the simple requests reached the box:\n" + report);
            assertTrue(
                    results.stream().map(String::valueOf).noneMatch(r -> r.endsWith(": timeout")),
                    "every attempt ended within its deadline:\n" + report);
            assertTrue(
                    results.stream().map(String::valueOf).noneMatch(r -> r.contains("ACCEPTED")),
                    "Socket.IO accepted no change:\n" + report);
            assertEquals(before, snapshot(box), "the other site's page changed nothing:\n" + report);

            browser.driver().switchTo().window(parentTab);
            parent.creates("After the visit");
            assertTrue(
                    box.api("GET", "/api/playlists?limit=200", null)
                            .path("playlists")
                            .toString()
                            .contains("After the visit"),
                    "the parent's own tab still changes the box");
        } finally {
            site.stop(0);
        }
    }

    private static byte[] attackerPage(PageBox box, String playlist) throws IOException {
        try (InputStream in = OtherSitePageTest.class.getResourceAsStream("attacker.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("%BOX_ORIGIN%", "http://127.0.0.1:" + box.httpPort())
                    .replace("%SOCKET_PORT%", Integer.toString(box.socketPort()))
                    .replace("%PLAYLIST_ID%", playlist)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The library, the player, tag linking and the parent's settings, as the parent reads them. */
    private static JsonNode snapshot(PageBox box) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        ObjectNode playlists = all.putObject("playlists");
        for (JsonNode p : box.api("GET", "/api/playlists?limit=200", null).path("playlists")) {
            playlists.set(
                    p.path("id").asText(),
                    box.api("GET", "/api/playlists/" + p.path("id").asText(), null));
        }
        ObjectNode player = (ObjectNode) box.api("GET", "/api/player/status", null);
        player.remove(List.of("position_ms", "server_seq"));
        all.set("player", player);
        all.set("settings", box.api("GET", "/api/player/settings", null));
        all.set("nfc", box.api("GET", "/api/nfc/status", null));
        all.set("uploads", box.api("GET", "/api/uploads/sessions", null));
        return all;
    }
}
