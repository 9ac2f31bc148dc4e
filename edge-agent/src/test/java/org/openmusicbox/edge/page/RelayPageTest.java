package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.CoverArtFiles;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The parents' page as the cloud relay will serve it: the same files on another origin, under the box's own
 * prefix ({@link RelayStandIn}, {@code /boxes/test-box/}), working as at home. Every request, picture, upload
 * and the socket go through the prefix and none to the box's port; two boxes behind one relay keep their
 * own login and language.
 */
class RelayPageTest {

    @TempDir
    Path tmp;

    @Test
    void aParentUsesThePageThroughTheRelayAndEveryRequestGoesThroughTheBoxsPrefix() throws Exception {
        Path song = ToneFiles.wav(tmp, "Song.wav", 440, 10_000, 44_100, 1);
        Path lion = CoverArtFiles.mp3(tmp, "Lion.mp3", "Lion song", CoverArtFiles.png(96, new Color(220, 150, 40)));
        try (RelayStandIn relay = RelayStandIn.start();
                PageBox box = new PageBox(tmp.resolve("data"), allowing(relay));
                Browser phone = Browser.recordingRequests(375, 812)) {
            relay.serve("test-box", box.httpPort());
            String page = relay.url("test-box");

            Parent parent = new Parent(phone, page).opens().logsIn(PageBox.TOKEN);
            String id = parent.creates("Through the relay");
            parent.opensPlaylist("Through the relay");
            parent.uploads(List.of(song, lion));
            parent.waitsForTracks(List.of("Song", "Lion song"));
            phone.find(
                    By.cssSelector("[data-test='track-row'] [data-test='cover'][data-loaded='true']"),
                    "Lion song's picture, loaded through the relay");

            phone.click("start-playlist");
            phone.until("Song to play", d -> phone.find("now-title").getText().equals("Song") ? Boolean.TRUE : null);
            WebElement progress = phone.find("progress");
            phone.until(
                    "the bar to pass 1 s on the box's positions",
                    d -> Double.parseDouble(progress.getDomAttribute("data-position-ms")) > 1_000
                            ? Boolean.TRUE
                            : null);
            // Another parent at home renames it: the change reaches this phone over the relayed socket.
            box.api("PUT", "/api/playlists/" + id, "{\"title\":\"Songs from home\"}");
            phone.until(
                    "Now Playing to follow the rename made at home",
                    d -> phone.find("now-playlist").getText().contains("Songs from home") ? Boolean.TRUE : null);
            assertEquals("true", phone.find("play-pause").getDomAttribute("data-playing"));
            parent.screenshot("30-through-the-relay");

            String socketBase = page.replaceFirst("^http:", "ws:");
            List<String> requested = phone.requested();
            List<String> around = requested.stream()
                    .filter(url -> url.matches("(https?|wss?)://.*")) // not data:, blob: or about:blank
                    .filter(url -> !url.startsWith(page) && !url.startsWith(socketBase))
                    .toList();
            assertEquals(List.of(), around, "every request went under the prefix: " + requested);
            assertTrue(
                    requested.contains(socketBase + "socket.io/?EIO=4&transport=websocket"),
                    "the socket went through the relay: " + requested);
            assertTrue(
                    requested.stream()
                            .noneMatch(url -> url.contains(":" + box.httpPort() + "/")
                                    || url.contains(":" + box.socketPort() + "/")),
                    "nothing asked the box's ports directly: " + requested);

            List<String> asked = relay.asked();
            assertTrue(
                    asked.stream().allMatch(line -> line.contains(" " + RelayStandIn.PREFIX + "test-box/")),
                    "the relay was asked only under the prefix: " + asked);
            for (String expected : List.of(
                    "GET /boxes/test-box/",
                    "GET /boxes/test-box/app.css",
                    "GET /boxes/test-box/js/main.js",
                    "GET /boxes/test-box/api/system/info",
                    "POST /boxes/test-box/api/access/login",
                    "POST /boxes/test-box/api/playlists",
                    "POST /boxes/test-box/api/playlists/" + id + "/uploads/session",
                    "POST /boxes/test-box/api/playlists/" + id + "/start",
                    "WEBSOCKET /boxes/test-box/socket.io/?EIO=4&transport=websocket")) {
                assertTrue(asked.contains(expected), "the relay passed on " + expected + ": " + asked);
            }
            assertTrue(
                    asked.stream().anyMatch(line -> line.matches("GET /boxes/test-box/api/tracks/[^/]+/cover")),
                    "the picture came through the relay: " + asked);
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void twoBoxesOpenedThroughOneRelayKeepTheirOwnLoginAndLanguage() {
        try (RelayStandIn relay = RelayStandIn.start();
                PageBox home = new PageBox(tmp.resolve("home"), allowing(relay));
                PageBox grandma = new PageBox(tmp.resolve("grandma"), allowing(relay));
                Browser phone = Browser.open(375, 812)) {
            relay.serve("home-box", home.httpPort());
            relay.serve("grandma-box", grandma.httpPort());

            Parent atHome = new Parent(phone, relay.url("home-box")).opens().logsIn(PageBox.TOKEN);
            atHome.speaks("fr");

            // A session belongs to the box that gave it: with one shared key, grandma's box would refuse home's
            // session and the page would drop it, logging the parent out at home too.
            new Parent(phone, relay.url("grandma-box")).opens();
            assertEquals("false", bodyParent(phone), "grandma's box does not use the session kept for home");
            phone.find("login-open");
            assertEquals("en", phone.find(By.tagName("html"), "the page").getDomAttribute("lang"));

            new Parent(phone, relay.url("home-box")).opens();
            assertEquals("true", bodyParent(phone), "home's session is still kept");
            assertEquals("fr", phone.find(By.tagName("html"), "the page").getDomAttribute("lang"));
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) phone.script("return Object.keys(localStorage).sort()");
            assertEquals(List.of("omb.lang@/boxes/home-box/", "omb.parentToken@/boxes/home-box/"), keys);
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    /** The box lets the relay's pages call it (see OriginCheck and SocketOrigins): their origin is not the box's. */
    private static Map<String, String> allowing(RelayStandIn relay) {
        return Map.of("omb.http.allowed-origins", relay.origin());
    }

    private static String bodyParent(Browser browser) {
        return browser.find(By.tagName("body"), "the page").getDomAttribute("data-parent");
    }
}
