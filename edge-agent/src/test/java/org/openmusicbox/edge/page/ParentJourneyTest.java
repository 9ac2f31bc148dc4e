package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The whole story on a 375 px phone against the real agent: log in, create a playlist, upload
 * two generated files with their bars reaching 100 %, link a tag through the simulated reader, reorder
 * the tracks by dragging while a second browser watches, start playback and see the bar move. The
 * screenshots of the main screens land in target/screenshots.
 */
class ParentJourneyTest {

    @TempDir
    Path tmp;

    @Test
    void aParentSetsUpAPlaylistFromAPhoneAndASecondBrowserSeesItLive() throws Exception {
        Path lullaby = ToneFiles.wav(tmp, "Lullaby.wav", 440, 8_000, 44_100, 2);
        Path rain = ToneFiles.wav(tmp, "Rain.wav", 660, 8_000, 44_100, 2);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812);
                Browser laptop = Browser.open(1280, 800)) {
            Parent parent = new Parent(phone, box.url()).opens();
            parent.screenshot("01-not-logged-in");
            parent.logsIn(PageBox.TOKEN);

            String id = parent.creates("Bedtime stories");
            parent.opensPlaylist("Bedtime stories");
            parent.uploads(List.of(lullaby, rain));
            parent.waitsForTracks(List.of("Lullaby", "Rain"));
            for (String file : List.of("Lullaby.wav", "Rain.wav")) {
                parent.waitsForUploadToLeave(file); // finished uploads leave the list; their tracks are in it
            }
            parent.screenshot("02-playlist-with-uploads");

            phone.click("link-tag");
            WebElement dialog = phone.find("nfc-dialog");
            phone.until(
                    "the dialog to listen",
                    d -> "listening".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            int secondsLeft =
                    Integer.parseInt(phone.find("nfc-countdown").getText().replaceAll("\\D", ""));
            assertTrue(secondsLeft > 0 && secondsLeft <= 60, "the countdown shows the seconds left: " + secondsLeft);
            parent.screenshot("03-link-a-tag");
            box.placeTag("04a22b1c");
            phone.until(
                    "the tag to be linked",
                    d -> "success".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            box.liftTag("04a22b1c");
            phone.click("nfc-close");
            phone.until(
                    "the playlist to show its tag",
                    d -> phone.find("playlist-tag").getText().contains("04a22b1c") ? Boolean.TRUE : null);
            assertEquals(
                    "04a22b1c",
                    box.api("GET", "/api/playlists/" + id, null)
                            .path("nfc_tag_id")
                            .asText());

            Parent watcher = new Parent(laptop, box.url()).opens();
            watcher.opensPlaylist("Bedtime stories");
            watcher.waitsForTracks(List.of("Lullaby", "Rain"));

            List<WebElement> rows = phone.all("track-row");
            WebElement handle = rows.get(1).findElement(Browser.test("drag-handle"));
            new Actions(phone.driver())
                    .clickAndHold(handle)
                    .moveByOffset(0, -10)
                    .moveToElement(rows.get(0), 0, -rows.get(0).getSize().getHeight() / 2 + 2)
                    .release()
                    .perform();
            parent.waitsForTracks(List.of("Rain", "Lullaby"));
            watcher.waitsForTracks(List.of("Rain", "Lullaby"));
            JsonNode stored = box.api("GET", "/api/playlists/" + id, null).path("tracks");
            assertEquals("Rain", stored.get(0).path("title").asText(), "the new order is the box's order");

            phone.click("start-playlist");
            parent.goes("now");
            phone.until("Rain to play", d -> phone.find("now-title").getText().contains("Rain") ? Boolean.TRUE : null);
            assertTrue(phone.find("now-playlist").getText().contains("Bedtime stories"));
            WebElement progress = phone.find("progress");
            phone.until("the bar to pass 1 s", d -> position(progress) > 1_000 ? Boolean.TRUE : null);
            List<Long> frames = framePositions(phone);
            long distinct = frames.stream().distinct().count();
            assertTrue(frames.get(frames.size() - 1) > frames.get(0), "the bar moves forward: " + frames);
            // Position events come every 200 ms (5 in the second sampled); a smooth bar changes on most frames.
            assertTrue(
                    distinct >= 15,
                    "the bar moves between position events, not in 200 ms jumps: " + distinct + " positions");
            assertEquals("true", phone.find("play-pause").getDomAttribute("data-playing"));
            parent.screenshot("04-now-playing");
            watcher.screenshot("05-now-playing-laptop");

            parent.goes("settings");
            phone.find("setting-max-volume");
            phone.find("status-summary");
            parent.screenshot("07-settings");
            phone.click("status-details");
            phone.find("free-space");
            parent.screenshot("06-box-status-details");

            assertEquals(375, parent.width(), "the phone is 375 px wide");
            for (Parent someone : List.of(parent, watcher)) {
                assertTrue(someone.fitsWidth(), "no horizontal scrolling");
                assertEquals(List.of(), someone.browser().consoleProblems(), "no console errors or warnings");
            }
            assertEquals("first", phone.script("return window.__ombLoad"), "the page never reloaded");
        }
    }

    private static long position(WebElement progress) {
        String value = progress.getDomAttribute("data-position-ms");
        return value == null || value.isEmpty() ? -1 : (long) Double.parseDouble(value);
    }

    /** The bar's position on every animation frame for one second, read in the page itself. */
    @SuppressWarnings("unchecked")
    private static List<Long> framePositions(Browser browser) {
        List<Object> raw = (List<Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const bar = document.querySelector("[data-test='progress']");
                const seen = [];
                const started = performance.now();
                function frame(now) {
                  seen.push(Number(bar.getAttribute('data-position-ms')));
                  if (now - started < 1000) requestAnimationFrame(frame); else done(seen);
                }
                requestAnimationFrame(frame);
                """);
        List<Long> positions = new ArrayList<>();
        for (Object o : raw) {
            positions.add(((Number) o).longValue());
        }
        return positions;
    }
}
