package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

            Parent parent = new Parent(phone, page).loads().pairs(pairingCode(box), "Grandma's phone");
            String id = parent.creates("Through the relay");
            // Files come from home here: from away they go straight to S3, past the box (e2e AwayPageTest).
            try (Browser homeBrowser = Browser.open(1024, 800)) {
                Parent home = new Parent(homeBrowser, box.url()).opens().logsIn(PageBox.TOKEN);
                home.opensPlaylist("Through the relay");
                home.uploads(List.of(song, lion));
                home.waitsForTracks(List.of("Song", "Lion song"));
            }
            parent.opensPlaylist("Through the relay");
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
                    "POST /boxes/test-box/api/remote/pair",
                    "POST /boxes/test-box/api/playlists",
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

            Parent atHome = new Parent(phone, relay.url("home-box")).loads().pairs(pairingCode(home), "My phone");
            atHome.speaks("fr");

            // A session belongs to the box that gave it: with one shared key, grandma's box would refuse home's
            // session and the page would drop it, logging the parent out at home too.
            new Parent(phone, relay.url("grandma-box")).loads();
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

    @Test
    void awayFromHomeThePhoneIsPairedWithTheCodeFromHomeAndAWrongCodeSaysSo() {
        try (RelayStandIn relay = RelayStandIn.start();
                PageBox box = new PageBox(tmp.resolve("data"), allowing(relay));
                Browser phone = Browser.open(375, 812)) {
            relay.serve("test-box", box.httpPort());
            new Parent(phone, relay.url("test-box")).loads();
            assertEquals("Pair this phone", phone.find("login-open").getText());
            phone.click("login-open");
            assertEquals(false, phone.find("login-phone-name").getDomAttribute("hidden") != null);

            // Nothing typed: the page says what is missing and sends nothing.
            phone.click("login-submit");
            assertEquals(
                    "Please type the pairing code.", phone.find("login-error").getText());
            phone.find("login-token").sendKeys("123456");
            phone.click("login-submit");
            assertTrue(phone.find("login-error").getText().startsWith("Please give this phone a name"));

            // A wrong code: the box refuses it and the page says so in words.
            phone.find("login-phone-name").sendKeys("Grandma's phone");
            phone.click("login-submit");
            phone.until(
                    "the wrong code to be explained",
                    d -> phone.find("login-error").getText().startsWith("That code is not right")
                            ? Boolean.TRUE
                            : null);
            assertEquals("false", bodyParent(phone));
            JsonNode listed = box.api("GET", "/api/remote/phones", null);
            assertEquals(0, listed.size(), "nothing was paired: " + listed);
            phone.find(By.cssSelector(".login-cancel"), "Cancel").click();

            new Parent(phone, relay.url("test-box")).pairs(pairingCode(box), "Grandma's phone");
            JsonNode phones = box.api("GET", "/api/remote/phones", null);
            assertEquals(1, phones.size(), phones.toString());
            assertEquals("Grandma's phone", phones.path(0).path("phone_name").asText());
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) phone.script("return Object.keys(localStorage)");
            assertEquals(List.of("omb.parentToken@/boxes/test-box/"), keys, "only the credential is kept");
            List<String> problems = phone.consoleProblems().stream()
                    .filter(line -> !line.contains("/api/remote/pair - Failed to load resource: the server responded "
                            + "with a status of 401"))
                    .toList();
            assertEquals(List.of(), problems, "no console errors or warnings but the wrong code's 401");
        }
    }

    /** Remote access on, and a pairing code opened by the parent at home, as the Settings card does. */
    private static String pairingCode(PageBox box) {
        box.api("PUT", "/api/remote", "{\"enabled\":true}");
        return box.api("POST", "/api/remote/pairing", "{}").path("code").asText();
    }

    /** The box lets the relay's pages call it (see OriginCheck and SocketOrigins): their origin is not the box's. */
    private static Map<String, String> allowing(RelayStandIn relay) {
        return Map.of("omb.http.allowed-origins", relay.origin());
    }

    private static String bodyParent(Browser browser) {
        return browser.find(By.tagName("body"), "the page").getDomAttribute("data-parent");
    }
}
