package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.edge.youtube.StandInCloud;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;

/**
 * YouTube import from the LAN through the whole agent: {@code POST /api/youtube/download} answers at once and sends
 * one {@code YoutubeRequest} to a stand-in cloud on a Mosquitto of the test's own; what the cloud says about the
 * task reaches a LAN Socket.IO client in the cloud's order and shows in {@code GET /api/youtube/status}. Bad
 * requests and requests without a cloud connection are refused and send nothing.
 */
class YoutubeImportTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String DEVICE = "box-youtube";
    private static final String VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    private static final String SHA_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String SHA_B = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    @TempDir
    Path tmp;

    private TestBroker broker;
    private StandInCloud cloud;
    private RunningBox box;
    private LanSocket lan;

    @AfterEach
    void stop() throws Exception {
        if (lan != null) {
            lan.close();
        }
        if (box != null) {
            box.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void startConnected() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = StandInCloud.of(broker.url(), DEVICE);
        box = new RunningBox(tmp.resolve("data"), Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", DEVICE));
        box.waitFor(
                "/api/health",
                r -> r.body()
                        .path("data")
                        .path("components")
                        .path("cloud")
                        .asText()
                        .equals("connected"),
                DEADLINE.toMillis());
    }

    private String playlist(String title) throws Exception {
        RunningBox.Reply made = box.send("POST", "/api/playlists", "{\"title\":\"" + title + "\"}");
        assertEquals(201, made.status(), made.toString());
        return made.body().path("data").path("id").asText();
    }

    private RunningBox.Reply download(String json) throws Exception {
        return box.send("POST", "/api/youtube/download", json);
    }

    private static String body(String url, String playlistId, String clientOpId) {
        return "{\"url\":\"" + url + "\",\"playlist_id\":\"" + playlistId + "\""
                + (clientOpId == null ? "" : ",\"client_op_id\":\"" + clientOpId + "\"") + "}";
    }

    private static List<YoutubeRequest> valid(List<Object> requests) {
        requests.forEach(r -> assertInstanceOf(YoutubeRequest.class, r, "a valid YoutubeRequest"));
        return requests.stream().map(YoutubeRequest.class::cast).toList();
    }

    @Test
    void aRequestReachesTheCloudAtOnceAndARepeatedClientOpIdSendsNoSecond() throws Exception {
        startConnected();
        String stories = playlist("Stories");

        RunningBox.Reply first = download(body(VIDEO, stories, "op-yt-1"));
        assertEquals(200, first.status(), first.toString());
        assertEquals("success", first.body().path("status").asText());
        assertEquals("op-yt-1", first.body().path("client_op_id").asText());
        String taskId = first.body().path("data").path("task_id").asText();
        assertFalse(taskId.isBlank(), first.toString());
        assertEquals("pending", first.body().path("data").path("status").asText());

        List<YoutubeRequest> seen = valid(cloud.await(r -> r.size() == 1, DEADLINE, "the request"));
        assertEquals(new YoutubeRequest(taskId, DEVICE, VIDEO, stories), seen.get(0));

        RunningBox.Reply again = download(body(VIDEO, stories, "op-yt-1"));
        assertEquals(200, again.status(), again.toString());
        assertEquals(taskId, again.body().path("data").path("task_id").asText(), "the same task");

        // One publisher on one topic keeps its order: once this later request is in, a resent first would be too.
        String other = "https://youtu.be/abcdefghijk";
        RunningBox.Reply second = download(body(other, stories, null));
        assertEquals(200, second.status(), second.toString());
        String secondTask = second.body().path("data").path("task_id").asText();
        assertNotEquals(taskId, secondTask);
        seen = valid(cloud.await(r -> r.size() >= 2, DEADLINE, "the second request"));
        assertEquals(
                List.of(taskId, secondTask),
                seen.stream().map(YoutubeRequest::taskId).toList());
        assertEquals(other, seen.get(1).url());

        RunningBox.Reply status = box.get("/api/youtube/status/" + taskId);
        assertEquals(200, status.status(), status.toString());
        assertEquals("pending", status.body().path("data").path("status").asText());
        assertEquals(stories, status.body().path("data").path("playlist_id").asText());
    }

    @Test
    void progressCompletionAndFailureReachALanClientInTheCloudsOrder() throws Exception {
        startConnected();
        String stories = playlist("Stories");
        lan = LanSocket.open(box.agent.socketPort(), DEADLINE);
        String done = download(body(VIDEO, stories, null))
                .body()
                .path("data")
                .path("task_id")
                .asText();
        String fails = download(body(VIDEO + "&t=2", stories, null))
                .body()
                .path("data")
                .path("task_id")
                .asText();

        cloud.progress(new YoutubeProgress(done, "downloading", 10.0, "Downloading audio", 30_000L));
        cloud.progress(new YoutubeProgress(done, "downloading", 55.5, "Downloading audio", 12_000L));
        cloud.progress(new YoutubeProgress(fails, "downloading", 5.0, "Downloading audio", null));
        cloud.complete(new YoutubeDone(
                done,
                stories,
                List.of(
                        new CloudTrack(
                                done + "-1",
                                stories,
                                1,
                                "Chapter 1",
                                "Teller",
                                null,
                                185_000,
                                CloudTrack.objectKey(SHA_A, "m4a"),
                                SHA_A,
                                2_990_112,
                                "m4a"),
                        new CloudTrack(
                                done + "-2",
                                stories,
                                2,
                                "Chapter 2",
                                null,
                                null,
                                201_500,
                                CloudTrack.objectKey(SHA_B, "m4a"),
                                SHA_B,
                                3_257_004,
                                "m4a"))));
        // Late and resent words about an ended task change nothing and are not passed on.
        cloud.progress(new YoutubeProgress(done, "downloading", 60.0, "Downloading audio", null));
        cloud.publish(Topics.youtubeProgress(DEVICE), "{not json".getBytes(StandardCharsets.UTF_8));
        cloud.error(new YoutubeFailed(fails, "Video unavailable: this video is private", YoutubeFailed.UNAVAILABLE));

        lan.await(l -> l.named("youtube:error").size() == 1, DEADLINE, "youtube:error");
        List<String> seen = lan.named("youtube:").stream()
                .map(e -> e.name() + " " + e.data().path("task_id").asText() + " "
                        + e.data().path("status").asText("-") + " "
                        + e.data().path("progress_percent").asText("-"))
                .toList();
        assertEquals(
                List.of(
                        "youtube:progress " + done + " pending 0.0",
                        "youtube:progress " + fails + " pending 0.0",
                        "youtube:progress " + done + " downloading 10.0",
                        "youtube:progress " + done + " downloading 55.5",
                        "youtube:progress " + fails + " downloading 5.0",
                        "youtube:complete " + done + " completed -",
                        "youtube:error " + fails + " - -"),
                seen);
        LanSocket.Event complete = lan.named("youtube:complete").get(0);
        assertEquals(stories, complete.data().path("playlist_id").asText());
        assertEquals("Chapter 1", complete.data().path("track").path("title").asText());
        assertEquals(2, complete.data().path("tracks").size());
        assertEquals(185_000, complete.data().path("track").path("duration_ms").asLong());
        LanSocket.Event error = lan.named("youtube:error").get(0);
        assertEquals(
                "Video unavailable: this video is private",
                error.data().path("message").asText());
        assertTrue(error.data().path("error_type").isMissingNode(), "the Socket.IO record: " + error);

        RunningBox.Reply completed = box.get("/api/youtube/status/" + done);
        assertEquals("completed", completed.body().path("data").path("status").asText(), completed.toString());
        assertEquals(
                100.0, completed.body().path("data").path("progress_percent").asDouble());
        RunningBox.Reply failed = box.get("/api/youtube/status/" + fails);
        assertEquals("error", failed.body().path("data").path("status").asText(), failed.toString());
        assertEquals(
                "Video unavailable: this video is private",
                failed.body().path("data").path("message").asText());
    }

    @Test
    void badRequestsAreRefusedAndSendNothing() throws Exception {
        startConnected();
        String stories = playlist("Stories");
        for (String url : List.of("ftp://example.com/a.mp3", "not a link", "https://", "file:///etc/passwd", "")) {
            RunningBox.Reply r = download(body(url, stories, null));
            assertEquals(400, r.status(), url + ": " + r);
            assertEquals("validation_error", r.errorType(), url + ": " + r);
            assertEquals("url", r.body().path("errors").path(0).path("field").asText(), url + ": " + r);
        }
        RunningBox.Reply longUrl = download(body("https://example.com/" + "a".repeat(2100), stories, null));
        assertEquals(400, longUrl.status(), longUrl.toString());
        RunningBox.Reply noUrl = download("{\"playlist_id\":\"" + stories + "\"}");
        assertEquals(400, noUrl.status(), noUrl.toString());
        assertEquals("url", noUrl.body().path("errors").path(0).path("field").asText(), noUrl.toString());
        RunningBox.Reply noPlaylist = download("{\"url\":\"" + VIDEO + "\"}");
        assertEquals(400, noPlaylist.status(), noPlaylist.toString());
        RunningBox.Reply unknown = download(body(VIDEO, "no-such-playlist", "op-unknown"));
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("not_found", unknown.errorType());
        assertEquals("op-unknown", unknown.body().path("client_op_id").asText());
        RunningBox.Reply notJson = download("url=" + VIDEO);
        assertEquals(400, notJson.status(), notJson.toString());
        RunningBox.Reply noTask = box.get("/api/youtube/status/no-such-task");
        assertEquals(404, noTask.status(), noTask.toString());
        assertEquals("not_found", noTask.errorType());

        // The refused ones sent nothing: the first the cloud gets is this one.
        String taskId = download(body(VIDEO, stories, null))
                .body()
                .path("data")
                .path("task_id")
                .asText();
        List<YoutubeRequest> seen = valid(cloud.await(r -> !r.isEmpty(), DEADLINE, "a request"));
        assertEquals(taskId, seen.get(0).taskId(), "the only request: " + seen);
    }

    @Test
    void withoutACloudLinkTheRequestIsRefusedWith503() throws Exception {
        box = new RunningBox(tmp.resolve("data"));
        String stories = playlist("Stories");
        RunningBox.Reply r = download(body(VIDEO, stories, "op-offline"));
        assertEquals(503, r.status(), r.toString());
        assertEquals("service_unavailable", r.errorType());
        assertTrue(r.message().contains("needs the cloud"), r.message());
        assertEquals(404, box.get("/api/youtube/status/x").status(), "nothing remembered");
    }

    @Test
    void withTheCloudLinkSetUpButNotConnectedTheRequestIsRefusedAndNothingIsSentLater() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        broker.stop();
        box = new RunningBox(tmp.resolve("data"), Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", DEVICE));
        String stories = playlist("Stories");
        RunningBox.Reply r = download(body(VIDEO, stories, null));
        assertEquals(503, r.status(), r.toString());
        assertEquals("service_unavailable", r.errorType());
        assertTrue(r.message().contains("not connected to the cloud"), r.message());

        // Once the broker is back, the box connects and the refused request does not come out of a queue.
        broker = broker.again();
        cloud = StandInCloud.of(broker.url(), DEVICE);
        box.waitFor(
                "/api/health",
                h -> h.body()
                        .path("data")
                        .path("components")
                        .path("cloud")
                        .asText()
                        .equals("connected"),
                DEADLINE.toMillis());
        String taskId = download(body(VIDEO, stories, null))
                .body()
                .path("data")
                .path("task_id")
                .asText();
        List<YoutubeRequest> seen = valid(cloud.await(q -> !q.isEmpty(), DEADLINE, "a request"));
        assertEquals(taskId, seen.get(0).taskId(), "only the request made while connected: " + seen);
    }
}
