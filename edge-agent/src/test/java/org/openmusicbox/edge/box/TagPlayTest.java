package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.fake.FakeDecoder;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.nfc.TagUid;
import org.openmusicbox.edge.nfc.simulated.SimulatedTagReader;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.Playlist;

class TagPlayTest {

    private static final TagUid TAG = new TagUid("04a22b1c");

    @TempDir
    Path dir;

    BoxHarness box;
    TagPlay tags;
    Playlist songs;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir.resolve("data"), 100);
        tags = new TagPlay(box.inbox, box.library, box.linking, box.player);
        songs = box.onBox(() -> box.playlists.create("Songs", null));
        for (int i = 1; i <= 2; i++) {
            Path file = FakeDecoder.track(dir, "s" + i + ".fake", 30_000);
            box.library.addTrack(
                    songs.id(),
                    new Library.NewTrack("s" + i, "s" + i + ".fake", file.toString(), 30_000, null, null, 1));
        }
        box.onBox(() -> box.playlists.linkTag(songs.id(), TAG.hex()));
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private PlayerState await(Predicate<PlayerState> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            PlayerState now = box.onBox(() -> box.player.state());
            if (wanted.test(now)) {
                return now;
            }
            assertTrue(System.nanoTime() < deadline, "not within 5 s: " + what + "; now " + now);
            Thread.onSpinWait();
        }
    }

    @Test
    void placingALinkedTagPlaysLiftingPausesAndPlacingAgainContinues() {
        tags.placed(TAG);
        PlayerState playing = await(s -> s.isPlaying(), "playing");
        assertEquals(songs.id(), playing.activePlaylistId());
        await(s -> s.positionMs() >= 300, "some audio played");

        tags.lifted(TAG);
        PlayerState paused = await(s -> PlayerState.PAUSED.equals(s.state()), "paused on lift");

        tags.placed(TAG);
        PlayerState again = await(s -> s.isPlaying(), "playing again");
        assertEquals(paused.activeTrackId(), again.activeTrackId());
        assertTrue(
                again.positionMs() >= paused.positionMs(),
                "continued, not restarted: " + again.positionMs() + " after " + paused.positionMs());
    }

    @Test
    void aTagOnTheSimulatedReaderIsAnnouncedAsStatePlayerForItsPlaylist() {
        SimulatedTagReader reader = new SimulatedTagReader();
        reader.start(tags);
        long placedAt = System.nanoTime();
        reader.place(TAG);
        long deadline = placedAt + Duration.ofSeconds(5).toNanos();
        RecordingFanout.Sent announced = null;
        while (announced == null) {
            assertTrue(System.nanoTime() < deadline, "no state:player for the tag's playlist within 5 s");
            announced = box.fanout.events(Events.STATE_PLAYER).stream()
                    .filter(s -> box.codec
                            .readTree(s.json())
                            .get("data")
                            .get("active_playlist_id")
                            .asText()
                            .equals(songs.id()))
                    .findFirst()
                    .orElse(null);
            Thread.onSpinWait();
        }
        JsonNode data = box.codec.readTree(announced.json()).get("data");
        assertEquals("playing", data.get("state").asText());
        assertEquals("Songs", data.get("active_playlist_title").asText());
        assertEquals("room:playlists", announced.target());
        System.out.printf("tag placed -> state:player sent: %.1f ms%n", (announced.atNanos() - placedAt) / 1e6);
    }

    @Test
    void withPauseOnLiftOffLiftingChangesNothing() {
        box.onBox(() -> box.player.configure(null, null, false));
        tags.placed(TAG);
        await(s -> s.isPlaying(), "playing");
        tags.lifted(TAG);
        tags.placed(new TagUid("ffff0000"));
        // The unknown tag and the lift are handled in order on the box thread; after them it still plays.
        assertTrue(box.onBox(() -> box.player.state()).isPlaying());
    }

    @Test
    void anUnknownTagDoesNothingVisible() {
        tags.placed(new TagUid("ffff0000"));
        PlayerState after = box.onBox(() -> box.player.state());
        assertNull(after.activePlaylistId());
        assertTrue(box.fanout.sent().stream().noneMatch(s -> s.event().startsWith("nfc_")), "no NFC events");
    }

    @Test
    void aTagPlacedDuringALinkSessionIsForLinkingOnly() {
        Playlist other = box.onBox(() -> box.playlists.create("Other", null));
        box.onBox(() -> box.linking.start(other.id(), 30));
        tags.placed(new TagUid("abcd1234"));
        box.onBox(() -> null);
        assertEquals(
                other.id(), box.library.playlistForTag("abcd1234").orElseThrow().id());
        assertNull(box.onBox(() -> box.player.state()).activePlaylistId(), "no playback");
    }
}
