package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.edge.nfc.TagUid;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;

class TagLinkingTest {

    private static final TagUid TAG = new TagUid("04a22b1c");

    @TempDir
    Path dir;

    BoxHarness box;
    Playlist songs;
    Playlist stories;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir, 100);
        songs = box.onBox(() -> box.playlists.create("Songs", null));
        stories = box.onBox(() -> box.playlists.create("Stories", null));
        box.fanout.clear();
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private List<String> states(String event) {
        return box.fanout.events(event).stream()
                .map(s -> box.codec.readTree(s.json()).get("state").asText())
                .toList();
    }

    private JsonNode last(String event) {
        List<RecordingFanout.Sent> sent = box.fanout.events(event);
        return box.codec.readTree(sent.get(sent.size() - 1).json());
    }

    @Test
    void aTagPlacedWhileListeningIsLinkedAndDoesNotPlay() {
        Map<String, Object> session = box.onBox(() -> box.linking.start(songs.id(), 30));
        assertTrue(box.onBox(() -> box.linking.tagPlaced(TAG)), "the session consumes the tag");
        assertEquals(
                songs.id(), box.library.playlistForTag(TAG.hex()).orElseThrow().id());
        assertEquals(List.of("listening", "success"), states(Events.NFC_STATUS));
        assertEquals(List.of("listening", "success"), states(Events.NFC_ASSOCIATION_STATE));
        assertEquals(
                session.get("assoc_id"), last(Events.NFC_STATUS).get("assoc_id").asText());
        assertEquals("room:nfc", box.fanout.events(Events.NFC_STATUS).get(0).target());
        assertEquals(
                "everyone",
                box.fanout.events(Events.NFC_ASSOCIATION_STATE).get(0).target());
        assertFalse(box.onBox(() -> box.linking.tagPlaced(TAG)), "with no session a tag is not consumed");
    }

    @Test
    void aTagOfAnotherPlaylistIsADuplicateUntilOverridden() {
        box.onBox(() -> box.playlists.linkTag(songs.id(), TAG.hex()));
        box.onBox(() -> box.linking.start(stories.id(), 30));
        box.onBox(() -> box.linking.tagPlaced(TAG));
        JsonNode duplicate = last(Events.NFC_ASSOCIATION_STATE);
        assertEquals("duplicate", duplicate.get("state").asText());
        assertEquals(songs.id(), duplicate.get("existing_playlist").get("id").asText());
        assertEquals("Songs", duplicate.get("existing_playlist").get("title").asText());
        assertEquals(
                songs.id(), last(Events.NFC_STATUS).get("conflict_playlist_id").asText());
        assertEquals(
                songs.id(), box.library.playlistForTag(TAG.hex()).orElseThrow().id(), "nothing moved yet");

        box.onBox(() -> box.linking.override(null, stories.id()));
        assertEquals("success", last(Events.NFC_STATUS).get("state").asText());
        assertEquals(
                stories.id(),
                box.library.playlistForTag(TAG.hex()).orElseThrow().id());
        assertNull(box.library.playlist(songs.id()).orElseThrow().nfcTagId());
    }

    @Test
    void overrideWithATagIdLinksAtOnce() {
        box.onBox(() -> box.playlists.linkTag(songs.id(), TAG.hex()));
        box.onBox(() -> box.linking.override("04:A2:2B:1C", stories.id()));
        assertEquals(
                stories.id(),
                box.library.playlistForTag(TAG.hex()).orElseThrow().id());
        assertEquals(List.of("success"), states(Events.NFC_STATUS));
        assertThrows(BoxError.class, () -> box.onBox(() -> box.linking.override("zz", stories.id())));
    }

    @Test
    void stopEndsTheSessionAndUnknownSessionsAreRefused() {
        Map<String, Object> session = box.onBox(() -> box.linking.start(songs.id(), null));
        assertEquals(
                404,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.linking.stop("other", null)))
                        .status());
        box.onBox(() -> box.linking.stop((String) session.get("assoc_id"), null));
        assertEquals(List.of("listening", "stopped"), states(Events.NFC_STATUS));
        assertEquals(
                List.of("listening", "cancelled"),
                states(Events.NFC_ASSOCIATION_STATE),
                "clients of the original wait for cancelled");
        JsonNode cancelled = last(Events.NFC_ASSOCIATION_STATE);
        assertEquals(songs.id(), cancelled.get("playlist_id").asText());
        assertEquals(session.get("assoc_id"), cancelled.get("assoc_id").asText());
        assertFalse(box.onBox(() -> box.linking.tagPlaced(TAG)));
        assertTrue(box.library.playlistForTag(TAG.hex()).isEmpty());
    }

    @Test
    void aSecondStartForTheSamePlaylistIsAConflictAndTheOpenSessionKeepsItsIdAndDeadline() {
        Map<String, Object> first = box.onBox(() -> box.linking.start(songs.id(), 30));
        int sent = box.fanout.sent().size();
        BoxError refused = assertThrows(BoxError.class, () -> box.onBox(() -> box.linking.start(songs.id(), 300)));
        assertEquals(409, refused.status());
        assertEquals("conflict", refused.errorType());
        assertEquals(first.get("assoc_id"), refused.details().get("assoc_id"));
        assertEquals(sent, box.fanout.sent().size(), "nothing announced");
        Map<String, Object> open = box.onBox(() -> box.linking.current()).orElseThrow();
        assertEquals(first.get("assoc_id"), open.get("assoc_id"));
        assertEquals(first.get("timeout_at"), open.get("timeout_at"));

        Map<String, Object> other = box.onBox(() -> box.linking.start(stories.id(), 30));
        assertEquals(
                List.of("listening", "stopped", "listening"),
                states(Events.NFC_STATUS),
                "another playlist still takes the one reader over");
        assertEquals(
                other.get("assoc_id"),
                box.onBox(() -> box.linking.current()).orElseThrow().get("assoc_id"));
    }

    @Test
    void badStartsChangeNothing() {
        assertEquals(
                404,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.linking.start("nope", 30)))
                        .status());
        assertEquals(
                400,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.linking.start(songs.id(), 0)))
                        .status());
        assertTrue(box.fanout.sent().isEmpty());
    }

    @Test
    void aSessionLeftAloneTimesOut() throws Exception {
        box.onBox(() -> box.linking.start(songs.id(), 1));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!states(Events.NFC_STATUS).contains("timeout")) {
            assertTrue(System.nanoTime() < deadline, "no timeout within 5 s of a 1 s session");
            Thread.onSpinWait();
        }
        assertEquals(List.of("listening", "timeout"), states(Events.NFC_STATUS));
        assertFalse(box.onBox(() -> box.linking.tagPlaced(TAG)));
    }
}
