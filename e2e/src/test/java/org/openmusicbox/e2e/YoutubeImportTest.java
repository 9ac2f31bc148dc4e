package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.PhoneSocket;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Stack;

/**
 * Issue 15: a YouTube import asked on the LAN goes through the cloud (yt-dlp and ffmpeg, the real programs, against
 * a loopback server standing in for YouTube, as cloud-functions' YoutubeDownloadTest does) and ends with its track
 * in the playlist on the box, downloaded and playable with neither broker nor S3; a LAN Socket.IO client sees
 * youtube:progress in order, then youtube:complete.
 */
@ExtendWith(LogsOnFailure.class)
class YoutubeImportTest {

    @TempDir
    static Path dir;

    static Stack stack;
    static HttpServer youtube;

    @BeforeAll
    static void start() throws Exception {
        Path tone = dir.resolve("tone.mp3");
        Process ffmpeg = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:duration=4",
                        "-c:a",
                        "libmp3lame",
                        "-b:a",
                        "64k",
                        tone.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0)
                .as(
                        "ffmpeg made the test song: %s",
                        new String(ffmpeg.getInputStream().readAllBytes()))
                .isTrue();
        byte[] song = Files.readAllBytes(tone);
        youtube = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        youtube.createContext("/watch/tone.mp3", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/mpeg");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : song.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!head) {
                    out.write(song);
                }
            }
        });
        youtube.start();
        stack = Stack.withS3Gate(YoutubeImportTest.class, dir, "box-youtube");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (youtube != null) {
            youtube.stop(0);
        }
    }

    @Test
    void anImportFromTheLanEndsDownloadedAndPlayableOfflineWithProgressThenComplete() {
        BoxProcess box = stack.box("box-youtube");
        box.awaitConnected(Stack.CONVERGE);
        String playlist = box.library().createPlaylist("Songs from YouTube");
        box.awaitDrained(Stack.CONVERGE);

        try (PhoneSocket lan = PhoneSocket.open(box, Stack.CONVERGE)) {
            String url = "http://127.0.0.1:" + youtube.getAddress().getPort() + "/watch/tone.mp3";
            JsonNode asked = box.http()
                    .send(
                            "POST",
                            "/api/youtube/download",
                            Map.of("url", url, "playlist_id", playlist, "client_op_id", "e2e-yt-1"))
                    .okBody("youtube download")
                    .path("data");
            String task = asked.path("task_id").asText();
            assertThat(task).isNotEmpty();

            Poll.until(
                    "the imported track on the box, its file downloaded",
                    Stack.CONVERGE,
                    () -> {
                        JsonNode tracks = tracks(box, playlist);
                        return tracks.size() >= 1 && MediaFiles.available(tracks.get(0));
                    },
                    () -> tracks(box, playlist) + " / " + box.cloudState());
            String trackId = tracks(box, playlist).get(0).path("id").asText();
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
            } finally {
                stack.gate().open();
                stack.broker().start();
            }

            Poll.until(
                    "youtube:complete on the LAN socket",
                    Stack.CONVERGE,
                    () -> !lan.named("youtube:complete").isEmpty()
                            || !lan.named("youtube:error").isEmpty(),
                    lan::toString);
            assertThat(lan.named("youtube:error")).as("no youtube:error").isEmpty();
            List<PhoneSocket.Event> mine = lan.named("youtube:").stream()
                    .filter(e -> task.equals(e.data().path("task_id").asText()))
                    .toList();
            List<String> names = mine.stream().map(PhoneSocket.Event::name).toList();
            assertThat(names)
                    .as("progress first, complete once and last")
                    .last()
                    .isEqualTo("youtube:complete");
            assertThat(names.subList(0, names.size() - 1)).isNotEmpty().allMatch("youtube:progress"::equals);
            List<Double> percents = new ArrayList<>();
            mine.subList(0, mine.size() - 1)
                    .forEach(e -> percents.add(e.data().path("progress_percent").asDouble()));
            assertThat(percents).as("progress never goes back").isSorted();
            assertThat(box.http()
                            .get("/api/youtube/status/" + task)
                            .okBody("youtube status")
                            .path("data")
                            .path("status")
                            .asText())
                    .isEqualTo("completed");
        }
    }

    private static JsonNode tracks(BoxProcess box, String playlist) {
        return box.http()
                .get("/api/playlists/" + playlist)
                .okBody("get " + playlist)
                .path("data")
                .path("tracks");
    }
}
