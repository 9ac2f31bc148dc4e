package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.fake.FakeDecoder;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * A page of the cloud's log applied through {@link CloudEdits}: on the box thread, announced to the LAN's pages
 * with the events a parent's edit sends, and heard by the player.
 */
class CloudEditsTest {

    @TempDir
    Path dir;

    BoxHarness box;
    CloudEdits cloud;
    long stamp;
    int ids;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir.resolve("data"), 1000);
        cloud = new CloudEdits(
                box.inbox, box.library, box.broadcaster, box.player::playlistChanged, Duration.ofSeconds(5));
        stamp = Hlc.pack(System.currentTimeMillis() + 60_000, 0);
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private FieldChange change(Entity entity, String id, String field, Object value) {
        return new FieldChange(entity, id, field, value, new Stamp(++stamp, "cloud-a"), "c" + (++ids));
    }

    private Track add(String playlistId, String title, long ms) {
        Path file = FakeDecoder.track(box.library.mediaDir(), title + ".fake", ms);
        return box.library
                .addTrack(playlistId, new Library.NewTrack(title, title + ".fake", file.toString(), ms, null, null, 10))
                .orElseThrow();
    }

    private JsonNode json(RecordingFanout.Sent sent) {
        return box.codec.readTree(sent.json());
    }

    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (RecordingFanout.Sent s : box.fanout.sent()) {
            if (s.event().startsWith("state:playlist") || s.event().startsWith("state:track_")) {
                out.add(s.target() + " " + s.event());
            }
        }
        return out;
    }

    @Test
    void aPageIsAnnouncedAsAParentsEditWouldBe() {
        Playlist p = box.onBox(() -> box.playlists.create("Bedtime", null));
        Playlist gone = box.onBox(() -> box.playlists.create("Old", null));
        Track one = add(p.id(), "one", 100);
        add(p.id(), "two", 100);
        box.fanout.clear();

        cloud.apply(
                5,
                List.of(
                        change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Sleepy"),
                        change(Entity.TRACK, one.id(), Fields.DELETED, true),
                        change(Entity.TRACK, "t-new", Fields.TITLE, "From the cloud"),
                        change(Entity.TRACK, "t-new", Fields.PLAYLIST_ID, p.id()),
                        change(Entity.PLAYLIST, "q", Fields.TITLE, "Zoo"),
                        change(Entity.TRACK, "t-q", Fields.PLAYLIST_ID, "q"),
                        change(Entity.PLAYLIST, gone.id(), Fields.DELETED, true)));

        assertEquals(5, cloud.cursor());
        List<String> sent = sent();
        assertEquals(
                List.of(
                        "room:playlists " + Events.STATE_PLAYLIST_DELETED,
                        "room:playlists " + Events.STATE_PLAYLIST_CREATED,
                        "room:playlist:q " + Events.STATE_PLAYLIST,
                        "room:playlist:" + p.id() + " " + Events.STATE_TRACK_DELETED,
                        "room:playlist:" + p.id() + " " + Events.STATE_TRACK_ADDED,
                        "room:playlists " + Events.STATE_PLAYLIST_UPDATED,
                        "room:playlist:" + p.id() + " " + Events.STATE_PLAYLIST),
                sent);
        JsonNode updated = json(box.fanout.events(Events.STATE_PLAYLIST_UPDATED).get(0));
        assertEquals("Sleepy", updated.get("data").get("playlist").get("title").asText());
        assertEquals(2, updated.get("data").get("updates").get("track_count").asInt());
        JsonNode deletedTracks =
                json(box.fanout.events(Events.STATE_TRACK_DELETED).get(0));
        assertEquals("[1]", deletedTracks.get("data").get("track_numbers").toString());
        JsonNode added = json(box.fanout.events(Events.STATE_TRACK_ADDED).get(0));
        assertEquals(
                "From the cloud", added.get("data").get("track").get("title").asText());
        assertEquals(2, added.get("data").get("track").get("track_number").asInt());
        assertEquals(
                gone.id(),
                json(box.fanout.events(Events.STATE_PLAYLIST_DELETED).get(0))
                        .get("data")
                        .get("playlist_id")
                        .asText());
        long last = 0;
        for (RecordingFanout.Sent s : box.fanout.sent()) {
            long seq = json(s).get("server_seq").asLong();
            assertTrue(seq > last, "server_seq rises: " + seq + " after " + last);
            last = seq;
        }

        // The same page again (the box's own log echoed, a pull retried) changes nothing and says nothing.
        box.fanout.clear();
        cloud.apply(
                5,
                List.of(change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Older")).stream()
                        .map(c -> new FieldChange(
                                c.entity(), c.entityId(), c.field(), c.value(), new Stamp(1, "cloud-a"), "old"))
                        .toList());
        assertEquals(List.of(), sent());
        assertEquals("Sleepy", box.library.playlist(p.id()).orElseThrow().title());
    }

    @Test
    void aPageThatFailsReachesTheCallerAndAnnouncesNothing() {
        Playlist p = box.onBox(() -> box.playlists.create("Bedtime", null));
        box.fanout.clear();
        box.database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TRIGGER boom BEFORE UPDATE ON playlists WHEN NEW.title = 'boom' "
                        + "BEGIN SELECT RAISE(ABORT, 'injected'); END");
            }
            return null;
        });
        assertThrows(
                RuntimeException.class,
                () -> cloud.apply(3, List.of(change(Entity.PLAYLIST, p.id(), Fields.TITLE, "boom"))));
        assertEquals(0, cloud.cursor());
        assertEquals(List.of(), sent());
        assertEquals("Bedtime", box.library.playlist(p.id()).orElseThrow().title());
    }

    @Test
    void theCurrentTrackDeletedInTheCloudStopsThePlayerWhichSaysSo() {
        Playlist p = box.onBox(() -> box.playlists.create("Long", null));
        Track only = add(p.id(), "long", 60_000);
        box.onBox(() -> box.player.start(p.id(), null, false));
        awaitPlayer(s -> s.get("state").asText().equals("playing"), "playing");
        cloud.apply(1, List.of(change(Entity.TRACK, only.id(), Fields.DELETED, true)));
        awaitPlayer(s -> s.get("state").asText().equals("stopped"), "stopped once its track went");
    }

    @Test
    void aTrackFromTheCloudWhoseFileIsNotHereYetIsSkipped() {
        String missing = "ab".repeat(32);
        String present = "cd".repeat(32);
        FakeDecoder.track(box.library.mediaDir(), present + ".fake", 200);
        cloud.apply(
                2,
                List.of(
                        change(Entity.PLAYLIST, "p", Fields.TITLE, "Cloud"),
                        change(Entity.TRACK, "a", Fields.TITLE, "Not here yet"),
                        change(Entity.TRACK, "a", Fields.MEDIA, new Media(missing, "media/" + missing, "fake", 5)),
                        change(Entity.TRACK, "a", Fields.PLAYLIST_ID, "p"),
                        change(Entity.TRACK, "b", Fields.TITLE, "Here"),
                        change(Entity.TRACK, "b", Fields.MEDIA, new Media(present, "media/" + present, "fake", 3)),
                        change(Entity.TRACK, "b", Fields.PLAYLIST_ID, "p")));
        box.fanout.clear();
        box.onBox(() -> box.player.start("p", null, false));
        JsonNode stopped = awaitPlayer(s -> s.get("state").asText().equals("stopped"), "the end");
        List<String> states = new ArrayList<>();
        for (RecordingFanout.Sent s : box.fanout.events(Events.STATE_PLAYER)) {
            JsonNode data = json(s).get("data");
            states.add(
                    data.get("state").asText() + ":" + data.get("track_index").asInt());
        }
        assertTrue(states.contains("playing:1"), "the track that is here played after the missing one: " + states);
        assertEquals("p", stopped.get("active_playlist_id").asText());
        assertTrue(
                box.decoder.opened().contains(box.library.mediaDir().resolve(missing + ".fake")),
                "the missing file was tried, failed and was skipped");
    }

    @Test
    void aPlaylistTheCloudDeletedGoesWithTheLastTrackAParentDeletesHere() {
        Playlist p = box.onBox(() -> box.playlists.create("Bedtime", null));
        add(p.id(), "kept", 100);
        // The cloud deleted the playlist without knowing the track: it stays shown while the track lives.
        cloud.apply(1, List.of(change(Entity.PLAYLIST, p.id(), Fields.DELETED, true)));
        assertTrue(box.library.playlist(p.id()).isPresent());
        box.fanout.clear();
        box.onBox(() -> box.playlists.deleteTracks(p.id(), List.of(1)));
        assertTrue(box.library.playlist(p.id()).isEmpty(), "its last track gone, the delete shows");
        assertEquals(
                "room:playlists " + Events.STATE_PLAYLIST_DELETED,
                sent().get(sent().size() - 1),
                "the pages hear that it went");
    }

    private JsonNode awaitPlayer(Predicate<JsonNode> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (RecordingFanout.Sent s : box.fanout.events(Events.STATE_PLAYER)) {
                JsonNode data = json(s).get("data");
                if (wanted.test(data)) {
                    return data;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no state:player with " + what + " within 10 s");
    }
}
