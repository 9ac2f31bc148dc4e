package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.RepeatMode;

/** The player's rules, with a decoder whose tracks are silence of exact lengths, played in real time. */
class PlayerTest {

    @TempDir
    Path dir;

    BoxHarness box;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir.resolve("data"), 1000);
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private Playlist playlist(String title, long... durations) {
        Playlist p = box.onBox(() -> box.playlists.create(title, null));
        for (int i = 0; i < durations.length; i++) {
            Path file = FakeDecoder.track(dir, title + i + ".fake", durations[i]);
            box.library.addTrack(
                    p.id(),
                    new Library.NewTrack(
                            "t" + (i + 1),
                            file.getFileName().toString(),
                            file.toString(),
                            durations[i],
                            null,
                            null,
                            10));
        }
        return box.library.playlist(p.id()).orElseThrow();
    }

    private List<JsonNode> players() {
        List<JsonNode> out = new ArrayList<>();
        for (var sent : box.fanout.events(Events.STATE_PLAYER)) {
            out.add(box.codec.readTree(sent.json()).get("data"));
        }
        return out;
    }

    private List<JsonNode> positions() {
        List<JsonNode> out = new ArrayList<>();
        for (var sent : box.fanout.events(Events.STATE_TRACK_POSITION)) {
            out.add(box.codec.readTree(sent.json()));
        }
        return out;
    }

    /** Waits, with a deadline, for a state:player matching the predicate. */
    private JsonNode awaitPlayer(Predicate<JsonNode> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode state : players()) {
                if (wanted.test(state)) {
                    return state;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no state:player with " + what + " within 10 s; got " + players());
    }

    private static Predicate<JsonNode> at(String state, int index) {
        return s ->
                s.get("state").asText().equals(state) && s.get("track_index").asInt() == index;
    }

    @Test
    void aPlaylistPlaysToItsEndThroughAutoAdvance() {
        Playlist p = playlist("three", 300, 300, 300);
        box.onBox(() -> box.player.start(p.id(), null, false));
        JsonNode stopped = awaitPlayer(s -> s.get("state").asText().equals("stopped"), "stopped");
        List<String> sequence = players().stream()
                .map(s -> s.get("state").asText() + ":" + s.get("track_index").asInt())
                .toList();
        assertEquals(List.of("playing:0", "playing:1", "playing:2", "stopped:0"), sequence);
        assertEquals(p.id(), stopped.get("active_playlist_id").asText(), "the playlist stays loaded");
        for (JsonNode s : players().subList(0, 3)) {
            assertEquals("three", s.get("active_playlist_title").asText());
            assertEquals(300, s.get("duration_ms").asLong());
            assertEquals(3, s.get("track_count").asInt());
            assertNotNull(s.get("active_track").get("id").asText());
        }
        assertTrue(
                box.onBox(() -> new SqlitePlayerMemoryProbe(box).resumePoint(p.id()))
                        .isEmpty(),
                "a playlist played to its end starts from the beginning next time");

        box.fanout.clear();
        box.onBox(() -> box.player.start(p.id(), null, false));
        awaitPlayer(s -> s.get("state").asText().equals("stopped"), "the end, second time");
        assertEquals(
                List.of("playing:0", "playing:1", "playing:2", "stopped:0"),
                players().stream()
                        .map(s -> s.get("state").asText() + ":"
                                + s.get("track_index").asInt())
                        .toList(),
                "after a stop, a new start plays and advances again");
        assertTrue(positions().size() >= 3, "position updates keep coming after a stop and a start");
    }

    @Test
    void positionsTickWhilePlayingAndNeverCloserThan150Ms() {
        Playlist p = playlist("long", 1500);
        box.onBox(() -> box.player.start(p.id(), null, false));
        awaitPlayer(s -> s.get("state").asText().equals("stopped"), "the end");
        List<JsonNode> ticks = positions();
        List<Long> sentAt = box.fanout.events(Events.STATE_TRACK_POSITION).stream()
                .map(s -> s.atNanos())
                .toList();
        assertTrue(ticks.size() >= 5, "expected about 7 ticks for 1.5 s, got " + ticks.size());
        long lastAt = -1;
        long lastPosition = -1;
        for (int i = 0; i < ticks.size(); i++) {
            JsonNode tick = ticks.get(i);
            long at = sentAt.get(i) / 1_000_000;
            if (lastAt >= 0 && tick.get("data").get("is_playing").asBoolean()) {
                assertTrue(at - lastAt >= PositionTicks.MIN_GAP_MS, "ticks " + (at - lastAt) + " ms apart");
            }
            long position = tick.get("data").get("position_ms").asLong();
            assertTrue(
                    position >= lastPosition
                            || !tick.get("data").get("is_playing").asBoolean(),
                    "position went back from " + lastPosition + " to " + position);
            lastAt = at;
            lastPosition = position;
        }
        assertEquals(
                ticks.size(),
                ticks.stream().map(t -> t.get("event_id").asText()).distinct().count(),
                "no tick sent twice");
    }

    @Test
    void seekMovesThePositionAndBadSeeksAreRefused() {
        Playlist p = playlist("seek", 5000);
        assertEquals(
                409,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.seek(10)))
                        .status());
        box.onBox(() -> box.player.start(p.id(), null, false));
        PlayerState after = box.onBox(() -> box.player.seek(1500));
        assertTrue(after.positionMs() >= 1500, "position " + after.positionMs());
        awaitPlayer(s -> s.get("position_ms").asLong() >= 1500, "position >= 1500");
        assertEquals(
                400,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.seek(6000)))
                        .status());
    }

    @Test
    void previousRestartsAfterThreeSecondsAndGoesBackBefore() {
        Playlist p = playlist("prev", 5000, 5000);
        box.onBox(() -> box.player.start(p.id(), 2, true));
        assertEquals(0, box.onBox(() -> box.player.previous()).trackIndex(), "early: the track before");
        box.onBox(() -> box.player.next());
        box.onBox(() -> box.player.seek(3500));
        PlayerState restarted = box.onBox(() -> box.player.previous());
        assertEquals(1, restarted.trackIndex(), "late: the same track again");
        assertTrue(restarted.positionMs() < 1000);
    }

    @Test
    void volumeNeverExceedsTheParentsMaximum() {
        box.onBox(() -> box.player.configure(60, null, null));
        assertEquals(60, box.onBox(() -> box.player.volume(90)).volume());
        assertEquals(40, box.onBox(() -> box.player.volume(40)).volume());
        PlayerState lowered = box.onBox(() -> box.player.configure(30, null, null));
        assertEquals(30, lowered.volume(), "lowering the maximum lowers the volume");
        assertEquals(30, lowered.maxVolume());
        List<Integer> changes = box.fanout.events(Events.STATE_VOLUME_CHANGED).stream()
                .map(s -> box.codec.readTree(s.json()).get("data").get("volume").asInt())
                .toList();
        assertEquals(List.of(60, 40, 30), changes);
        assertEquals(30, new SqlitePlayerMemoryProbe(box).settings().volume(), "persisted");
    }

    @Test
    void startingAgainResumesWhereThePlaylistWasLeftUnlessAskedNotTo() {
        Playlist p = playlist("resume", 5000, 5000);
        box.onBox(() -> box.player.start(p.id(), 2, true));
        box.onBox(() -> box.player.seek(2000));
        box.onBox(() -> box.player.stop());
        PlayerState resumed = box.onBox(() -> box.player.start(p.id(), null, false));
        assertEquals(1, resumed.trackIndex());
        assertTrue(resumed.positionMs() >= 2000 && resumed.positionMs() < 3000, "at " + resumed.positionMs());
        PlayerState fresh = box.onBox(() -> box.player.start(p.id(), null, true));
        assertEquals(0, fresh.trackIndex());
        assertTrue(fresh.positionMs() < 500);
        box.onBox(() -> box.player.configure(null, false, null));
        box.onBox(() -> box.player.seek(1000));
        box.onBox(() -> box.player.stop());
        PlayerState notResumed = box.onBox(() -> box.player.start(p.id(), null, false));
        assertEquals(0, notResumed.trackIndex(), "with resuming off a playlist starts from its first track");
        assertTrue(notResumed.positionMs() < 500, "and from its beginning, at " + notResumed.positionMs());
    }

    @Test
    void repeatOneAndRepeatAll() {
        Playlist p = playlist("repeat", 200, 200);
        box.onBox(() -> box.player.repeat(RepeatMode.ALL));
        box.onBox(() -> box.player.start(p.id(), null, true));
        awaitPlayer(at("playing", 1), "track 2");
        box.fanout.clear();
        awaitPlayer(at("playing", 0), "wrapped to track 1");
        // The 200 ms track may have ended before the command reached the box: repeat one holds whichever
        // track was playing when it took effect, so that is the one to hear again.
        int current = box.onBox(() -> box.player.repeat(RepeatMode.ONE)).trackIndex();
        box.fanout.clear();
        JsonNode again = awaitPlayer(s -> s.get("state").asText().equals("playing"), "the same track started again");
        assertEquals(current, again.get("track_index").asInt(), "repeat one plays the same track again");
        box.fanout.clear();
        JsonNode third = awaitPlayer(s -> s.get("state").asText().equals("playing"), "and again");
        assertEquals(current, third.get("track_index").asInt());
        assertThrows(BoxError.class, () -> box.onBox(() -> box.player.repeat("twice")));
        box.onBox(() -> box.player.stop());
    }

    @Test
    void unplayableTracksAreSkippedAndAllUnplayableStops() {
        Playlist p = playlist("broken", 200, 200);
        box.onBox(() -> box.player.start(p.id(), null, true));
        awaitPlayer(s -> s.get("state").asText().equals("stopped"), "end");
        Playlist bad = box.onBox(() -> box.playlists.create("bad", null));
        box.library.addTrack(
                bad.id(),
                new Library.NewTrack("gone", "gone.mp3", dir.resolve("gone.mp3").toString(), 0, null, null, 0));
        Path failing = FakeDecoder.track(dir, "fail.fake", 0);
        try {
            java.nio.file.Files.writeString(failing, "fail");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        box.library.addTrack(
                bad.id(), new Library.NewTrack("broken", "fail.fake", failing.toString(), 0, null, null, 0));
        box.fanout.clear();
        box.onBox(() -> box.player.start(bad.id(), null, true));
        JsonNode stopped = awaitPlayer(s -> s.get("state").asText().equals("stopped"), "stopped after failures");
        assertEquals(bad.id(), stopped.get("active_playlist_id").asText());
        assertEquals(
                2,
                box.decoder.opened().stream()
                        .filter(f ->
                                f.toString().contains("gone") || f.toString().contains("fail"))
                        .count(),
                "each broken track was tried once");
    }

    @Test
    void emptyAndUnknownPlaylistsAreRefused() {
        Playlist empty = box.onBox(() -> box.playlists.create("empty", null));
        assertEquals(
                409,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.start(empty.id(), null, false)))
                        .status());
        assertEquals(
                404,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.start("nope", null, false)))
                        .status());
        assertEquals(
                409,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.play()))
                        .status());
        assertEquals(
                409,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.next()))
                        .status());
        assertTrue(box.fanout.events(Events.STATE_PLAYER).isEmpty());
    }

    @Test
    void theSleepTimerFadesAndStops() {
        Playlist p = playlist("sleep", 60_000);
        box.onBox(() -> box.player.start(p.id(), null, true));
        PlayerState timed = box.onBox(() -> box.player.sleepAfter(Duration.ofMillis(SleepTimer.FADE_MS + 200)));
        assertNotNull(timed.sleepTimerEndsAt());
        JsonNode stopped = awaitPlayer(s -> s.get("state").asText().equals("stopped"), "stopped by the timer");
        assertTrue(stopped.get("sleep_timer_ends_at").isNull());
        assertEquals(50, stopped.get("volume").asInt(), "the volume setting is untouched by the fade");
        assertEquals(
                400,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.player.sleepTimer(-1)))
                        .status());
        box.onBox(() -> box.player.start(p.id(), null, true));
        box.onBox(() -> box.player.sleepTimer(30));
        assertNull(box.onBox(() -> box.player.sleepTimer(0)).sleepTimerEndsAt(), "0 cancels");
    }

    @Test
    void deletingThePlayingPlaylistStopsAndUnloads() {
        Playlist p = playlist("gone", 5000);
        box.onBox(() -> box.player.start(p.id(), null, true));
        box.onBox(() -> box.playlists.delete(p.id()));
        PlayerState after = box.onBox(() -> box.player.state());
        assertEquals("stopped", after.state().wire());
        assertNull(after.activePlaylistId());
        assertFalse(after.isPlaying());
    }

    /** Reads what the player saved, through the same adapter the agent uses. */
    private record SqlitePlayerMemoryProbe(BoxHarness box) {
        java.util.Optional<PlayerMemory.ResumePoint> resumePoint(String id) {
            return new org.openmusicbox.edge.box.sqlite.SqlitePlayerMemory(box.database).resumePoint(id);
        }

        PlayerMemory.Settings settings() {
            return new org.openmusicbox.edge.box.sqlite.SqlitePlayerMemory(box.database).settings();
        }
    }
}
