package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Content a parent recognises, on a phone: cover pictures (and a calm placeholder without one), full titles that
 * wrap, a track's actions behind a "More" menu, tags with a name a second screen shows too, Play that waits for
 * music, and Now Playing that follows a rename of the playing playlist.
 */
class ContentPageTest {

    @TempDir
    Path tmp;

    @Test
    void coversShowOnTracksPlaylistsAndNowPlayingWithAPlaceholderWhereThereIsNone() throws Exception {
        Path lion = CoverArtFiles.mp3(tmp, "Lion.mp3", "Lion song", CoverArtFiles.png(96, new Color(220, 150, 40)));
        Path plain = ToneFiles.wav(tmp, "Plain.wav", 440, 1_500, 44_100, 1);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            String id = parent.creates("Animals");
            parent.opensPlaylist("Animals");
            parent.uploads(List.of(plain));
            parent.waitsForTracks(List.of("Plain"));
            parent.uploads(List.of(lion));
            parent.waitsForTracks(List.of("Plain", "Lion song"));

            phone.until(
                    "the picture of Lion song to load",
                    d -> loaded(phone.all("track-row").get(1)));
            WebElement plainCover = phone.all("track-row").get(0).findElement(Browser.test("cover"));
            assertEquals("false", plainCover.getDomAttribute("data-has-cover"));
            assertTrue(plainCover.findElements(By.tagName("img")).isEmpty(), "a placeholder, never a broken image");
            String alt = phone.all("track-row")
                    .get(1)
                    .findElement(Browser.test("cover-img"))
                    .getDomAttribute("alt");
            assertTrue(alt.contains("Lion song"), "the picture says what it shows: " + alt);
            parent.screenshot("20-track-covers");

            parent.goes("playlists");
            phone.until("the playlist's picture to load", d -> loaded(parent.playlistRow("Animals")));

            box.api("POST", "/api/playlists/" + id + "/play/2", "{}");
            parent.goes("now");
            phone.until(
                    "Lion song to play",
                    d -> phone.find("now-title").getText().equals("Lion song") ? Boolean.TRUE : null);
            phone.until("the picture on Now Playing", d -> loaded(phone.find("now-cover")));
            parent.screenshot("21-now-playing-cover");
            box.api("POST", "/api/playlists/" + id + "/play/1", "{}");
            phone.until(
                    "Plain to play without a picture",
                    d -> phone.find("now-title").getText().equals("Plain")
                                    && phone.find("now-cover")
                                            .findElements(By.tagName("img"))
                                            .isEmpty()
                            ? Boolean.TRUE
                            : null);
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings, no 404 of a picture");
        }
    }

    @Test
    void longTitlesAreShownWholeAndWrapOnAPhone() throws Exception {
        String longTitle = "The very long adventures of the little lion and his friends!!";
        String longTrack = "A_song_with_an_unusually_long_name_that_has_no_spaces_at_all_";
        assertEquals(61, longTitle.length());
        assertEquals(61, longTrack.length());
        Path file = ToneFiles.wav(tmp, longTrack + ".wav", 440, 20_000, 44_100, 1);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            String id = parent.creates(longTitle);
            assertWhole(phone, parent.playlistRow(longTitle).findElement(Browser.test("playlist-title")), longTitle);
            parent.opensPlaylist(longTitle);
            assertWhole(phone, phone.find("playlist-heading"), longTitle);
            parent.uploads(List.of(file));
            parent.waitsForTracks(List.of(longTrack));
            assertWhole(phone, phone.find("track-title"), longTrack);
            parent.screenshot("22-long-titles");

            box.api("POST", "/api/playlists/" + id + "/start", "{}");
            parent.goes("now");
            phone.until(
                    "the long track to play",
                    d -> phone.find("now-title").getText().equals(longTrack) ? Boolean.TRUE : null);
            assertWhole(phone, phone.find("now-title"), longTrack);
            assertTrue(phone.find("now-playlist").getText().contains(longTitle));
            assertWhole(
                    phone,
                    phone.find("now-playlist"),
                    phone.find("now-playlist").getText());
            assertTrue(parent.fitsWidth(), "nothing wider than the phone");
            parent.screenshot("23-long-titles-now-playing");
        }
    }

    @Test
    void aTrackMenuHasWordsAndPlayWaitsForMusic() throws Exception {
        Path song = ToneFiles.wav(tmp, "Song.wav", 440, 10_000, 44_100, 1);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.creates("Empty for now");
            parent.opensPlaylist("Empty for now");
            phone.until(
                    "Play to be disabled with a hint",
                    d -> !phone.driver()
                                            .findElement(Browser.test("start-playlist"))
                                            .isEnabled()
                                    && phone.find("start-hint").isDisplayed()
                            ? Boolean.TRUE
                            : null);
            assertTrue(
                    phone.find("start-hint").getText().contains("Add music"),
                    phone.find("start-hint").getText());
            parent.screenshot("24-play-needs-music");

            parent.uploads(List.of(song));
            parent.waitsForTracks(List.of("Song"));
            phone.until("Play to be enabled", d -> phone.find("start-playlist").isEnabled() ? Boolean.TRUE : null);
            assertFalse(isShown(phone, "start-hint"), "the hint is gone");

            WebElement row = phone.all("track-row").get(0);
            WebElement more = row.findElement(Browser.test("track-menu"));
            assertEquals("More", more.getText());
            assertTrue(more.getDomAttribute("aria-label").contains("Song"), "names the track for a screen reader");
            assertFalse(row.findElement(Browser.test("delete-track")).isDisplayed(), "actions wait behind the menu");
            more.click();
            assertEquals("true", more.getDomAttribute("aria-expanded"));
            assertEquals(
                    "Move to another playlist",
                    row.findElement(Browser.test("move-track")).getText().trim());
            assertEquals(
                    "Delete",
                    row.findElement(Browser.test("delete-track")).getText().trim());
            parent.screenshot("25-track-menu");
            parent.pressInTrack(0, "play-track");
            parent.goes("now");
            phone.until("Song to play", d -> phone.find("now-title").getText().equals("Song") ? Boolean.TRUE : null);
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void aTagGetsANameAfterLinkingAndASecondScreenShowsItAndItsRename() throws Exception {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812);
                Browser laptop = Browser.open(1280, 800)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            String id = parent.creates("Animals");
            parent.opensPlaylist("Animals");
            Parent watcher = new Parent(laptop, box.url()).opens();
            watcher.goes("playlists");
            watcher.playlistRow("Animals");

            phone.click("link-tag");
            WebElement dialog = phone.find("nfc-dialog");
            phone.until(
                    "the dialog to listen",
                    d -> "listening".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            box.placeTag("04a22b1c");
            WebElement name = phone.find("nfc-tag-name");
            parent.screenshot("26-name-the-tag");
            name.sendKeys("Lion card");
            phone.click("nfc-tag-name-save");
            phone.until("the dialog to close", d -> !dialog.isDisplayed() ? Boolean.TRUE : null);
            box.liftTag("04a22b1c");
            phone.until(
                    "the name on the playlist",
                    d -> phone.find("tag-name").getText().equals("Lion card") ? Boolean.TRUE : null);
            assertFalse(phone.find("playlist-tag").getText().contains("04a22b1c"), "the name, not the id");
            parent.screenshot("27-named-tag");

            WebElement mark = laptop.until(
                    "the tag mark on the second screen",
                    d -> watcher.playlistRow("Animals").findElements(Browser.test("playlist-has-tag")).stream()
                            .filter(e -> String.valueOf(e.getDomAttribute("aria-label"))
                                    .contains("Lion card"))
                            .findFirst()
                            .orElse(null));
            assertEquals("img", mark.getDomAttribute("role"));
            // The second screen saw the linking too (as any open page does); a guest is not asked for a name.
            assertTrue(laptop.all("nfc-tag-name").stream().noneMatch(WebElement::isDisplayed), "no name asked");
            laptop.click("nfc-close");
            watcher.opensPlaylist("Animals");
            laptop.until(
                    "the name on the second screen",
                    d -> laptop.find("tag-name").getText().equals("Lion card") ? Boolean.TRUE : null);

            phone.click("tag-rename");
            WebElement input = phone.find("tag-name-input");
            assertEquals("Lion card", input.getDomProperty("value"));
            input.clear();
            phone.click("tag-name-save");
            phone.find("toast");
            assertEquals("Lion card", nameOnBox(box), "an empty name is refused");
            input.sendKeys("Big lion card");
            phone.click("tag-name-save");
            laptop.until(
                    "the rename on the second screen",
                    d -> laptop.find("tag-name").getText().equals("Big lion card") ? Boolean.TRUE : null);
            assertEquals("Big lion card", nameOnBox(box));
            assertEquals(
                    id,
                    box.api("GET", "/api/nfc/tags", null)
                            .path("tags")
                            .get(0)
                            .path("playlist_id")
                            .asText());
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
            assertEquals(List.of(), laptop.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void nowPlayingFollowsARenameOfThePlayingPlaylist() throws Exception {
        Path song = ToneFiles.wav(tmp, "Song.wav", 440, 10_000, 44_100, 1);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.creates("Morning");
            parent.opensPlaylist("Morning");
            parent.uploads(List.of(song));
            parent.waitsForTracks(List.of("Song"));
            phone.click("start-playlist");
            phone.until(
                    "Now Playing to name the playlist",
                    d -> phone.find("now-playlist").getText().contains("Morning") ? Boolean.TRUE : null);

            parent.opensPlaylist("Morning");
            phone.click("rename-playlist");
            WebElement input = phone.find("rename-input");
            input.clear();
            input.sendKeys("Evening");
            phone.click("rename-save");
            phone.until(
                    "the new name on the playlist",
                    d -> phone.find("playlist-heading").getText().equals("Evening") ? Boolean.TRUE : null);
            parent.goes("now");
            phone.until(
                    "Now Playing to follow the rename",
                    d -> phone.find("now-playlist").getText().contains("Evening") ? Boolean.TRUE : null);
            assertEquals("true", phone.find("play-pause").getDomAttribute("data-playing"), "without a new start");
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    // ---- helpers

    /** The element's picture has loaded (a real image, not the placeholder). */
    private static Boolean loaded(WebElement within) {
        List<WebElement> covers = within.findElements(Browser.test("cover"));
        if (covers.isEmpty() && "cover".equals(within.getDomAttribute("data-test"))) {
            covers = List.of(within);
        }
        for (WebElement cover : covers) {
            if ("true".equals(cover.getDomAttribute("data-loaded"))) {
                WebElement img = cover.findElement(Browser.test("cover-img"));
                String width = img.getDomProperty("naturalWidth");
                return width != null && Integer.parseInt(width) > 0 && img.isDisplayed() ? Boolean.TRUE : null;
            }
        }
        return null;
    }

    /** The whole text is there and its element is not cut: nothing scrolls sideways inside it. */
    @SuppressWarnings("unchecked")
    private static void assertWhole(Browser browser, WebElement element, String text) {
        assertEquals(text, element.getText().trim(), "the whole title, not cut");
        Map<String, Object> size = (Map<String, Object>) browser.script(
                "const e = arguments[0]; const s = getComputedStyle(e);"
                        + " return {scroll: e.scrollWidth, client: e.clientWidth, overflow: s.textOverflow, lines:"
                        + " Math.round(e.getBoundingClientRect().height / parseFloat(s.lineHeight || 20))};",
                element);
        long scroll = ((Number) size.get("scroll")).longValue();
        long client = ((Number) size.get("client")).longValue();
        assertTrue(scroll <= client, "not overflowing: scrollWidth " + scroll + " > clientWidth " + client);
        assertFalse("ellipsis".equals(size.get("overflow")), "no ellipsis");
    }

    private static boolean isShown(Browser browser, String name) {
        return browser.all(name).stream().anyMatch(WebElement::isDisplayed);
    }

    private static String nameOnBox(PageBox box) {
        var tags = box.api("GET", "/api/nfc/tags", null).path("tags");
        assertEquals(1, tags.size(), "one tag: " + tags);
        return tags.get(0).path("name").asText();
    }
}
