package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.support.ui.Select;

/** Deleting and moving tracks and deleting a playlist, each behind a confirmation. */
class PlaylistEditingTest {

    @TempDir
    Path tmp;

    @Test
    void tracksAreDeletedAndMovedAndAPlaylistIsDeletedOnlyWhenConfirmed() throws Exception {
        List<Path> files = List.of(
                ToneFiles.wav(tmp, "One.wav", 440, 1_000, 44_100, 1),
                ToneFiles.wav(tmp, "Two.wav", 550, 1_000, 44_100, 1),
                ToneFiles.wav(tmp, "Three.wav", 660, 1_000, 44_100, 1));
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            String otherId = box.api("POST", "/api/playlists", "{\"title\":\"Other\"}")
                    .path("id")
                    .asText();
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.creates("Numbers");
            parent.opensPlaylist("Numbers");
            parent.uploads(files);
            parent.waitsForTracks(List.of("One", "Two", "Three"));

            parent.pressInTrack(1, "delete-track");
            phone.click("confirm-no");
            parent.waitsForTracks(List.of("One", "Two", "Three"));
            parent.pressInTrack(1, "delete-track");
            phone.click("confirm-yes");
            parent.waitsForTracks(List.of("One", "Three"));

            parent.pressInTrack(1, "move-track");
            phone.until("the other playlist to be offered", d -> {
                new Select(phone.all("track-row").get(1).findElement(Browser.test("move-target")))
                        .selectByValue(otherId);
                return Boolean.TRUE;
            });
            parent.pressInTrack(1, "move-confirm");
            parent.waitsForTracks(List.of("One"));
            assertEquals(
                    "Three",
                    box.api("GET", "/api/playlists/" + otherId, null)
                            .path("tracks")
                            .get(0)
                            .path("title")
                            .asText(),
                    "the track went to the other playlist");

            phone.click("delete-playlist");
            phone.click("confirm-yes");
            phone.until(
                    "the playlist to leave the list",
                    d -> phone.all("playlist-item").stream()
                                    .noneMatch(e -> e.getText().contains("Numbers"))
                            ? Boolean.TRUE
                            : null);
            assertEquals(
                    1, box.api("GET", "/api/playlists", null).path("playlists").size());
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }
}
