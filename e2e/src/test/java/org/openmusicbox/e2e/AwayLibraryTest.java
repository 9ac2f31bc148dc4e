package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.Http;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.Pairing;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.RelayProcess;
import org.openmusicbox.e2e.harness.Stack;
import org.openmusicbox.e2e.harness.Tap;

/**
 * Issue 17: the library of a box seen from away, through a relay. While the box is off, its library is read from
 * the cloud's copy and edited there, and the edits reach the box once when it is back. A song added from away goes
 * from the phone straight to S3 and reaches the box through sync; the broker never carries the audio.
 */
@ExtendWith(LogsOnFailure.class)
class AwayLibraryTest {

    private static final String A = "box-library-away";
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static Stack stack;
    static BoxProcess box;
    static RelayProcess relay;
    static Http away;

    @BeforeAll
    static void start() {
        stack = Stack.start(AwayLibraryTest.class, dir, A);
        box = stack.box(A);
        box.awaitConnected(Stack.CONVERGE);
        relay = stack.relay("relay-library");
        away = relay.box(A, Pairing.pair(box, relay, "Dad's phone").credential());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void editsMadeFromAwayWhileTheBoxIsOffReachItOnceWhenItIsBack() {
        String kept = box.library().createPlaylist("Car songs");
        box.awaitDrained(Stack.CONVERGE);
        box.kill();
        Poll.until(
                "the relay to know the box is off",
                SOON,
                () -> away.get("/api/player/status").status() == 503);

        JsonNode list = away.get("/api/playlists").okBody("the library from the cloud's copy");
        assertThat(list.toString()).contains("Car songs");
        JsonNode renamed = away.send("PUT", "/api/playlists/" + kept, Map.of("title", "Songs for the long drive"))
                .okBody("a rename while the box is off");
        assertThat(renamed.path("pending").asBoolean())
                .as("marked pending: %s", renamed)
                .isTrue();
        String created = away.send("POST", "/api/playlists", Map.of("title", "Made at work", "description", ""))
                .okBody("a playlist made while the box is off")
                .path("data")
                .path("id")
                .asText();
        assertThat(away.get("/api/playlists/" + created)
                        .okBody("the new playlist, read back")
                        .toString())
                .contains("Made at work");
        Http.Answer play = away.send("POST", "/api/playlists/" + kept + "/start", Map.of());
        assertThat(play.status())
                .as("the player needs the box: %s", play.text())
                .isEqualTo(503);

        box.start();
        box.awaitConnected(Stack.CONVERGE);
        Poll.until(
                "the box to have both edits",
                Stack.CONVERGE,
                () -> titles().contains("Songs for the long drive") && titles().contains("Made at work"));
        box.awaitDrained(Stack.CONVERGE);
        List<String> titles = titles();
        assertThat(titles).as("the new playlist once").containsOnlyOnce("Made at work");
        assertThat(titles).doesNotContain("Car songs");
        assertThat(away.get("/api/playlists/" + created)
                        .okBody("through the box again")
                        .toString())
                .contains("Made at work");
    }

    @Test
    void aSongAddedFromAwayGoesThroughS3AndReachesTheBox() throws Exception {
        String playlist = box.library().createPlaylist("From grandma's");
        box.awaitDrained(Stack.CONVERGE);
        byte[] song = MediaFiles.wav(120, 11);
        try (Tap tap = Tap.watch(stack.broker(), "omb/v1/devices/#")) {
            JsonNode started = away.send(
                            "POST",
                            "/api/away/uploads",
                            Map.of("filename", "lullaby.wav", "file_size", song.length, "playlist_id", playlist))
                    .okBody("starting an upload from away")
                    .path("data");
            assertThat(started.path("url").isTextual())
                    .as("one URL for a small file: %s", started)
                    .isTrue();
            HttpRequest.Builder put = HttpRequest.newBuilder(
                            URI.create(started.path("url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(song));
            if (started.path("content_type").isTextual()) {
                put.header("Content-Type", started.path("content_type").asText());
            }
            HttpResponse<String> stored =
                    HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode())
                    .as("the PUT to S3: %s", stored.body())
                    .isBetween(200, 299);
            JsonNode finished = away.send(
                            "POST",
                            "/api/away/uploads/finish",
                            Map.of(
                                    "object_key",
                                    started.path("object_key").asText(),
                                    "filename",
                                    "lullaby.wav",
                                    "file_size",
                                    song.length,
                                    "playlist_id",
                                    playlist))
                    .okBody("finishing the upload")
                    .path("data");
            String trackId = finished.path("track").path("id").asText();
            assertThat(trackId).isNotEmpty();
            Poll.until(
                    "the box to have the song and its file",
                    Stack.CONVERGE,
                    () -> MediaFiles.available(MediaFiles.shownTrack(box, playlist, trackId)));
            long brokerBytes =
                    tap.since(0).stream().mapToLong(m -> m.payload().length).sum();
            assertThat(brokerBytes)
                    .as("bytes through the broker for a %d-byte song", song.length)
                    .isLessThan(song.length / 20);
        }
    }

    /** The titles of the box's playlists, as the box itself answers; empty while it does not answer. */
    private static List<String> titles() {
        try {
            return box.http()
                    .get("/api/playlists?limit=200")
                    .okBody("the box's playlists")
                    .path("data")
                    .path("playlists")
                    .findValuesAsText("title");
        } catch (AssertionError | RuntimeException e) {
            return List.of();
        }
    }
}
