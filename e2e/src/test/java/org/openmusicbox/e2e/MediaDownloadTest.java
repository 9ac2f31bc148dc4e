package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Stack;

/**
 * Issue 15: a track added in the cloud (its upload path: presignUpload, PUT, processUpload) reaches the box, whose
 * file is downloaded into the media cache and then plays with neither the broker nor S3 there; and a download cut
 * by kill -9 of the box leaves no playable half file, and completes after the restart with no part left.
 */
@ExtendWith(LogsOnFailure.class)
class MediaDownloadTest {

    @TempDir
    static Path dir;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.withS3Gate(MediaDownloadTest.class, dir, "box-offline-play", "box-killed-download");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aCloudTrackIsDownloadedAndPlaysWithoutBrokerOrS3() {
        BoxProcess box = stack.box("box-offline-play");
        box.awaitConnected(Stack.CONVERGE);
        String playlist = box.library().createPlaylist("From the cloud");
        box.awaitDrained(Stack.CONVERGE);

        byte[] song = MediaFiles.wav(2, 11);
        String sha = MediaFiles.sha256(song);
        String trackId = UUID.randomUUID().toString();
        JsonNode registered = stack.uploads().add(box.deviceId(), playlist, trackId, "lullaby.wav", song);
        assertThat(registered.path("object_key").asText()).isEqualTo("media/" + sha + ".wav");

        Poll.until(
                "the cloud track to show available on the box",
                Stack.CONVERGE,
                () -> MediaFiles.available(MediaFiles.shownTrack(box, playlist, trackId)),
                () -> String.valueOf(MediaFiles.shownTrack(box, playlist, trackId)) + " / " + box.cloudState());
        assertThat(MediaFiles.cached(box, sha, "wav"))
                .as("the cached file's bytes")
                .isEqualTo(song);
        assertThat(MediaFiles.parts(box)).isEmpty();

        stack.broker().stop();
        stack.gate().shut();
        try {
            box.awaitDisconnected(Stack.CONVERGE);
            assertThat(MediaFiles.available(MediaFiles.shownTrack(box, playlist, trackId)))
                    .as("still available offline")
                    .isTrue();
            JsonNode started = MediaFiles.play(box, playlist);
            assertThat(started.path("state").asText()).isEqualTo("playing");
            assertThat(started.path("active_track_id").asText()).isEqualTo(trackId);
            JsonNode now = MediaFiles.playerState(box);
            assertThat(now.path("active_track_id").asText()).isEqualTo(trackId);
            assertThat(now.path("state").asText()).as("still playing: %s", now).isEqualTo("playing");
        } finally {
            stack.gate().open();
            stack.broker().start();
        }
    }

    @Test
    void aDownloadKilledHalfWayLeavesNoHalfFileAndCompletesAfterRestart() {
        BoxProcess box = stack.box("box-killed-download");
        box.awaitConnected(Stack.CONVERGE);
        String playlist = box.library().createPlaylist("Long stories");
        box.awaitDrained(Stack.CONVERGE);

        byte[] story = MediaFiles.wav(1250, 5); // 20 MB
        String sha = MediaFiles.sha256(story);
        String trackId = UUID.randomUUID().toString();
        Path part = MediaFiles.mediaDir(box).resolve(sha + ".wav.part");
        stack.gate().slowTo(2_000_000);
        try {
            stack.uploads().add(box.deviceId(), playlist, trackId, "story.wav", story);
            Poll.until(
                    "the download to be a few MB in",
                    Stack.CONVERGE,
                    () -> MediaFiles.size(part) > 2_000_000,
                    () -> "part " + MediaFiles.size(part) + " bytes; " + box.cloudState());
            box.kill();
        } finally {
            stack.gate().slowTo(0);
        }
        assertThat(MediaFiles.size(part)).as("a part, not the whole file").isBetween(1L, story.length - 1L);
        assertThat(MediaFiles.cached(box, sha, "wav"))
                .as("no playable half file")
                .isNull();

        box.start();
        JsonNode before = MediaFiles.shownTrack(box, playlist, trackId);
        assertThat(before).as("the track is shown after the restart").isNotNull();
        if (MediaFiles.cached(box, sha, "wav") == null) {
            assertThat(MediaFiles.available(before))
                    .as("not available while its file is missing")
                    .isFalse();
        }
        Poll.until(
                "the download to complete after the restart",
                Stack.CONVERGE,
                () -> MediaFiles.available(MediaFiles.shownTrack(box, playlist, trackId)),
                () -> "part " + MediaFiles.size(part) + " bytes; " + box.cloudState());
        assertThat(MediaFiles.cached(box, sha, "wav"))
                .as("the whole file, right bytes")
                .isEqualTo(story);
        assertThat(MediaFiles.parts(box)).as("no part left").isEmpty();
        JsonNode started = MediaFiles.play(box, playlist);
        assertThat(started.path("active_track_id").asText()).isEqualTo(trackId);
        assertThat(started.path("state").asText()).isEqualTo("playing");
    }
}
