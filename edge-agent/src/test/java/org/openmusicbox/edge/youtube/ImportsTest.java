package org.openmusicbox.edge.youtube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.edge.events.Sequencer;
import org.openmusicbox.edge.fake.MemorySequenceStore;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;

/** What {@link Imports} sends, remembers and tells LAN clients, without a broker. */
class ImportsTest {

    private static final String VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    private final JsonCodec codec = new JsonCodec();
    private final RecordingFanout fanout = new RecordingFanout();
    private final List<String> published = new ArrayList<>();

    private Imports imports(String deviceId) {
        Sequencer sequencer = new Sequencer(new MemorySequenceStore(0));
        return new Imports(
                deviceId,
                new Broadcaster(sequencer, new History(10, sequencer.floor()), fanout, () -> 0L, codec),
                codec);
    }

    @Test
    void withoutAConnectionNothingIsSentOrRememberedAndTheCauseIsNamed() {
        Imports none = imports(null);
        BoxError noCloud = assertThrows(BoxError.class, () -> none.ask(VIDEO, "pl", "op"));
        assertEquals(503, noCloud.status());
        assertTrue(noCloud.getMessage().contains("No cloud link is set up"), noCloud.getMessage());

        Imports offline = imports("box-1");
        BoxError notNow = assertThrows(BoxError.class, () -> offline.ask(VIDEO, "pl", "op"));
        assertTrue(notNow.getMessage().contains("not connected"), notNow.getMessage());

        offline.connected((topic, payload) -> false);
        BoxError full = assertThrows(BoxError.class, () -> offline.ask(VIDEO, "pl", "op"));
        assertEquals(503, full.status());
        offline.connected((topic, payload) -> published.add(topic));
        offline.lost();
        assertThrows(BoxError.class, () -> offline.ask(VIDEO, "pl", "op"));
        assertEquals(List.of(), published);
        assertEquals(List.of(), fanout.sent());
    }

    @Test
    void oneClientOpIdIsOneTaskSentOnceAndCannotNameAnotherImport() {
        Imports imports = imports("box-1");
        imports.connected((topic, payload) -> published.add(topic));
        ImportTask first = imports.ask(VIDEO, "pl", "op-1");
        ImportTask again = imports.ask(VIDEO, "pl", "op-1");
        assertEquals(first.taskId(), again.taskId());
        assertEquals(List.of("omb/v1/devices/box-1/youtube/requests"), published);
        BoxError other = assertThrows(BoxError.class, () -> imports.ask(VIDEO + "&x=1", "pl", "op-1"));
        assertEquals(409, other.status());
        assertEquals(1, published.size());
        // After a restart the box has forgotten the task, but the same id names the same download in the cloud.
        Imports restarted = imports("box-1");
        restarted.connected((topic, payload) -> true);
        assertEquals(first.taskId(), restarted.ask(VIDEO, "pl", "op-1").taskId());
    }

    @Test
    void aReconnectAsksAgainForTheTasksThatHaveNotEnded() {
        Imports imports = imports("box-1");
        List<YoutubeRequest> sent = new ArrayList<>();
        imports.connected((topic, payload) -> sent.add(codec.read(payload, YoutubeRequest.class)));
        ImportTask running = imports.ask(VIDEO, "pl", "op-1");
        ImportTask done = imports.ask(VIDEO + "&t=2", "pl", "op-2");
        imports.failed(new YoutubeFailed(done.taskId(), "Video unavailable", YoutubeFailed.UNAVAILABLE));
        imports.progressed(new YoutubeProgress("heard-only", "downloading", 5.0, "Downloading", null));
        imports.lost();
        sent.clear();

        imports.connected((topic, payload) -> sent.add(codec.read(payload, YoutubeRequest.class)));
        assertEquals(
                List.of(new YoutubeRequest(running.taskId(), "box-1", VIDEO, "pl")),
                sent,
                "only the task still running that the box asked for itself");
    }

    @Test
    void anEndedTaskStaysEndedAndATaskHeardOnlyFromTheCloudIsRemembered() {
        Imports imports = imports("box-1");
        imports.progressed(new YoutubeProgress("t-1", "downloading", 20.0, "Downloading", null));
        imports.failed(new YoutubeFailed("t-1", "Video unavailable", YoutubeFailed.UNAVAILABLE));
        imports.failed(new YoutubeFailed("t-1", "Video unavailable", YoutubeFailed.UNAVAILABLE));
        imports.progressed(new YoutubeProgress("t-1", "downloading", 30.0, "Downloading", null));
        ImportTask task = imports.task("t-1").orElseThrow();
        assertEquals(ImportTask.ERROR, task.status());
        assertEquals(20.0, task.progressPercent());
        assertEquals("Video unavailable", task.message());
        assertEquals(1, fanout.events(Events.YOUTUBE_PROGRESS).size());
        assertEquals(1, fanout.events(Events.YOUTUBE_ERROR).size());
        assertEquals(
                "{\"task_id\":\"t-1\",\"message\":\"Video unavailable\"}",
                fanout.events(Events.YOUTUBE_ERROR).get(0).json());
    }
}
