package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.audio.ToneCheck;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.audio.lavaplayer.LavaDecoder;
import org.openmusicbox.edge.fake.CapturingOutput;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;

/** The player with real decoding: generated tone files through lavaplayer into a capturing output. */
class PlayerWithAudioTest {

    @TempDir
    Path dir;

    BoxHarness box;
    CapturingOutput output;

    @AfterEach
    void stop() {
        if (box != null) {
            box.close();
        }
    }

    private void start(CapturingOutput out) {
        output = out;
        box = new BoxHarness(dir.resolve("data"), 1000, new LavaDecoder(), out);
    }

    private Playlist playlist(Path... files) throws Exception {
        Playlist p = box.onBox(() -> box.playlists.create("tones", null));
        for (Path file : files) {
            box.library.addTrack(
                    p.id(),
                    new Library.NewTrack(
                            file.getFileName().toString(),
                            file.getFileName().toString(),
                            file.toString(),
                            0,
                            null,
                            null,
                            Files.size(file)));
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

    private void await(Predicate<List<JsonNode>> done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.test(players())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what + "; state:player so far " + players());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void threeTracksPlayInOrderThroughAutoAdvanceAndTheToneIsWhatWasEncoded() throws Exception {
        start(new CapturingOutput());
        Playlist p = playlist(
                ToneFiles.wav(dir, "a.wav", 440, 800, 44_100, 1),
                ToneFiles.wav(dir, "b.wav", 660, 800, 48_000, 2),
                ToneFiles.mp3(dir, "c.mp3", 880, 800));
        box.onBox(() -> box.player.start(p.id(), null, true));
        await(states -> states.stream().anyMatch(s -> s.get("state").asText().equals("stopped")), "the end");

        List<String> sequence = players().stream()
                .map(s -> s.get("state").asText() + ":" + s.get("track_index").asInt() + ":"
                        + (s.get("active_track").isNull()
                                ? "-"
                                : s.get("active_track").get("title").asText()))
                .toList();
        assertEquals(List.of("playing:0:a.wav", "playing:1:b.wav", "playing:2:c.mp3", "stopped:0:a.wav"), sequence);

        PcmFormat format = PcmFormat.STANDARD;
        byte[] pcm = output.bytes();
        long ms = format.bytesToMillis(pcm.length);
        assertTrue(ms >= 2300 && ms <= 2600, "about 2.4 s of audio reached the output, got " + ms + " ms");
        double[] expected = {440, 660, 880};
        for (int i = 0; i < 3; i++) {
            int from = (int) format.millisToBytes(i * 800L + 200);
            int length = (int) format.millisToBytes(400);
            ToneCheck.Tone tone = ToneCheck.measure(pcm, from, length, format);
            assertEquals(expected[i], tone.hz(), expected[i] * 0.02, "track " + (i + 1) + " tone");
            assertTrue(tone.rms() > 1000, "track " + (i + 1) + " is not silence: rms " + tone.rms());
        }
    }

    @Test
    void seekingTo1500MakesTheNextPositionAtLeast1500() throws Exception {
        start(CapturingOutput.paced());
        Playlist p = playlist(ToneFiles.wav(dir, "long.wav", 440, 4000, 48_000, 2));
        box.onBox(() -> box.player.start(p.id(), null, true));
        box.onBox(() -> box.player.seek(1500));
        int before = box.fanout.events(Events.STATE_TRACK_POSITION).size();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (box.fanout.events(Events.STATE_TRACK_POSITION).size() <= before + 1) {
            assertTrue(System.nanoTime() < deadline, "no position tick after the seek");
            Thread.onSpinWait();
        }
        var ticks = box.fanout.events(Events.STATE_TRACK_POSITION);
        long next = box.codec
                .readTree(ticks.get(before + 1).json())
                .get("data")
                .get("position_ms")
                .asLong();
        assertTrue(next >= 1500, "the next position after seeking to 1500 is " + next);
        box.onBox(() -> box.player.stop());
    }
}
