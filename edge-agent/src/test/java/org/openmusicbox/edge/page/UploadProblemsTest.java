package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.WebElement;

/** A file that is not audio is refused in words a parent understands, and the playlist stays as it was. */
class UploadProblemsTest {

    @TempDir
    Path tmp;

    @Test
    void aTextFileNamedLikeASongIsRefusedInPlainWords() throws Exception {
        Path text = ToneFiles.text(tmp, "shopping.mp3");
        Path empty = Files.write(tmp.resolve("empty.wav"), new byte[0]);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            String id = box.api("POST", "/api/playlists", "{\"title\":\"Songs\"}")
                    .path("id")
                    .asText();
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.opensPlaylist("Songs");
            parent.uploads(List.of(text, empty));
            for (String file : List.of("shopping.mp3", "empty.wav")) {
                WebElement item = parent.uploadItem(file);
                WebElement state = item.findElement(Browser.test("upload-state"));
                phone.until(
                        file + " to be refused",
                        d -> "error".equals(state.getDomAttribute("data-state")) ? Boolean.TRUE : null);
                String words = state.getText();
                assertFalse(words.isBlank(), file + ": the refusal is said");
                assertFalse(
                        words.matches(".*\\b(4\\d\\d|5\\d\\d)\\b.*"), file + ": no status codes for parents: " + words);
            }
            parent.screenshot("10-upload-refused");
            // A refusal stays until the parent has read it and removes it.
            WebElement refused = parent.uploadItem("shopping.mp3");
            refused.findElement(Browser.test("upload-dismiss")).click();
            parent.waitsForUploadToLeave("shopping.mp3");
            parent.uploadItem("empty.wav");
            assertEquals(
                    0,
                    box.api("GET", "/api/playlists/" + id, null).path("tracks").size(),
                    "nothing was added");
            assertEquals(0, phone.all("track-row").size());
        }
    }

    @Test
    void anUploadCutByTheNetworkContinuesWhereItStopped() throws Exception {
        // About 5.6 MB: six chunks, slowed so that the cut lands in the middle.
        Path song = ToneFiles.wav(tmp, "Long song.wav", 440, 32_000, 44_100, 2);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            String id = box.api("POST", "/api/playlists", "{\"title\":\"Long\"}")
                    .path("id")
                    .asText();
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.opensPlaylist("Long");
            phone.network(true, 1_500_000);
            parent.uploads(List.of(song));
            WebElement item = parent.uploadItem("Long song.wav");
            WebElement bar = item.findElement(Browser.test("upload-bar"));
            phone.until(
                    "a third of the file to arrive",
                    d -> Double.parseDouble(bar.getDomProperty("value")) >= 30 ? Boolean.TRUE : null);
            phone.network(false);
            WebElement state = item.findElement(Browser.test("upload-state"));
            phone.until(
                    "the page to say it waits for the box",
                    d -> !"done".equals(state.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            phone.network(true);
            phone.until(
                    "the upload to finish and its track to show",
                    Duration.ofSeconds(60),
                    d -> parent.trackTitles().equals(List.of("Long song")) ? Boolean.TRUE : null);
            parent.waitsForUploadToLeave("Long song.wav");
            var tracks = box.api("GET", "/api/playlists/" + id, null).path("tracks");
            assertEquals(1, tracks.size(), "one track, not two");
            assertArrayEquals(
                    Files.readAllBytes(song),
                    Files.readAllBytes(tmp.resolve("data")
                            .resolve("media")
                            .resolve(tracks.get(0).path("file_path").asText())),
                    "the stored file is the file that was picked");
        }
    }
}
