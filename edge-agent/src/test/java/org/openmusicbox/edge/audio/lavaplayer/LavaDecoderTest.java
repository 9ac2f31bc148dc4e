package org.openmusicbox.edge.audio.lavaplayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.DecodedTrack;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.audio.ToneCheck;
import org.openmusicbox.edge.audio.ToneFiles;

/** Real files through real lavaplayer: what comes out is the tone that went in, as long as it was. */
class LavaDecoderTest {

    private static final PcmFormat OUT = PcmFormat.STANDARD;
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Not a multiple of lavaplayer's 3840-byte frames, so frames are split across reads. */
    private static final int READ_BUFFER = 4096;

    private static LavaDecoder decoder;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startDecoder() {
        decoder = new LavaDecoder();
    }

    @AfterAll
    static void stopDecoder() {
        decoder.close();
    }

    @Test
    void wavAt44kMonoComesOutAsTheSameToneAt48kStereo() throws IOException {
        Path file = ToneFiles.wav(dir, "a440-mono-44k.wav", 440, 2000, 44_100, 1);

        Decoded decoded = decode(file, 0);

        assertDuration(2000, decoded.pcm, 50);
        assertEquals(2000, decoded.durationMs, 50);
        assertStereoTone(decoded.pcm, 440);
    }

    @Test
    void wavAt48kStereoComesOutUnchanged() throws IOException {
        Path file = ToneFiles.wav(dir, "a1000-stereo-48k.wav", 1000, 3000, 48_000, 2);

        Decoded decoded = decode(file, 0);

        assertDuration(3000, decoded.pcm, 50);
        assertStereoTone(decoded.pcm, 1000);
        byte[] expected = ToneFiles.pcm(48_000, 2, 3000, 1000);
        assertEquals(expected.length, decoded.pcm.length, "48 kHz stereo s16le passes through as is");
        assertTrue(Arrays.equals(expected, decoded.pcm), "48 kHz stereo s16le passes through as is");
    }

    @Test
    void mp3ComesOutAsTheEncodedTone() throws IOException {
        Path file = ToneFiles.mp3(dir, "a440.mp3", 440, 2000);

        Decoded decoded = decode(file, 0);

        assertDuration(2000, decoded.pcm, 100);
        assertStereoTone(decoded.pcm, 440);
    }

    @Test
    void flacComesOutAsTheEncodedTone() throws Exception {
        Path file = converted("a440-flac.wav", "a440.flac", 44_100);

        Decoded decoded = decode(file, 0);

        assertDuration(2000, decoded.pcm, 50);
        assertEquals(2000, decoded.durationMs, 50);
        assertStereoTone(decoded.pcm, 440);
    }

    @Test
    void oggVorbisComesOutAsTheEncodedTone() throws Exception {
        Path file = converted("a440-ogg.wav", "a440.ogg", 44_100);

        Decoded decoded = decode(file, 0);

        assertDuration(2000, decoded.pcm, 50);
        assertStereoTone(decoded.pcm, 440);
    }

    @Test
    void m4aAacComesOutAsTheEncodedTone() throws Exception {
        Path file = converted("a440-m4a.wav", "a440.m4a", 44_100);

        Decoded decoded = decode(file, 0);

        // AAC encoders add priming samples (1024 at 44.1 kHz, about 23 ms) that the MP4 edit list hides.
        assertDuration(2000, decoded.pcm, 100);
        assertStereoTone(decoded.pcm, 440);
    }

    @Test
    void openingAtAPositionStartsThere() throws IOException {
        Path file = ToneFiles.steps(dir, "steps-start.wav", 44_100, 2, 1000, 440, 660, 880);

        Decoded decoded = decode(file, 1500);

        assertDuration(1500, decoded.pcm, 50);
        assertEquals(3000, decoded.durationMs, 50);
        assertToneAt(decoded.pcm, 100, 300, 660);
        assertToneAt(decoded.pcm, 700, 700, 880);
    }

    @Test
    void mp3OpenedAtAPositionStartsThere() throws IOException {
        Path file = ToneFiles.mp3(dir, "a440-start.mp3", 440, 3000);

        Decoded decoded = decode(file, 1500);

        assertDuration(1500, decoded.pcm, 100);
        assertStereoTone(decoded.pcm, 440);
    }

    @Test
    void seekForwardAndBackMidFile() throws IOException {
        Path file = ToneFiles.steps(dir, "steps-seek.wav", 48_000, 2, 1000, 440, 660, 880, 1100);

        assertTimeoutPreemptively(DEADLINE, () -> {
            try (DecodedTrack track = decoder.open(file, 0)) {
                byte[] head = readAtLeast(track, OUT.millisToBytes(300));
                assertToneAt(head, 0, 250, 440);

                track.seek(2200);
                byte[] third = readAtLeast(track, OUT.millisToBytes(600));
                assertToneAt(third, 0, 600, 880);

                track.seek(1100);
                byte[] rest = readToEnd(track);
                assertDuration(2900, rest, 50);
                assertToneAt(rest, 0, 800, 660);
                assertToneAt(rest, 2000, 800, 1100);
            }
        });
    }

    @Test
    void seekBackFromTheLastSecondOfATrack() throws IOException {
        // Lavaplayer has decoded the whole file by now; the seek must still take effect.
        Path file = ToneFiles.steps(dir, "steps-late-seek.wav", 48_000, 2, 1000, 440, 880);

        assertTimeoutPreemptively(DEADLINE, () -> {
            try (DecodedTrack track = decoder.open(file, 0)) {
                readAtLeast(track, OUT.millisToBytes(1700));
                track.seek(500);
                byte[] rest = readToEnd(track);
                assertDuration(1500, rest, 50);
                assertToneAt(rest, 0, 400, 440);
                assertToneAt(rest, 600, 800, 880);
            }
        });
    }

    /**
     * The file's samples count themselves, so the first frame read after an open or a seek says
     * exactly where the decoder started: no audio from before the position, no skipped audio, and
     * none missing or repeated up to the end. Positions are whole milliseconds, 48 frames each.
     */
    @Test
    void openingAtAPositionStartsExactlyThereAndPlaysOnToTheEnd() throws IOException {
        Path file = ToneFiles.counting(dir, "counting-open.wav", 3000);

        for (long startMs : new long[] {0, 1, 1500, 2345, 2960}) {
            assertTimeoutPreemptively(DEADLINE, () -> {
                try (DecodedTrack track = decoder.open(file, startMs)) {
                    assertPlaysOnFrom(track, startMs * 48, 3000 * 48, "opened at " + startMs + " ms");
                }
            });
        }
    }

    @Test
    void manySeeksInARowEachStartExactlyThere() throws IOException {
        Path file = ToneFiles.counting(dir, "counting-seeks.wav", 4000);
        long[] positions = {3900, 0, 2200, 1100, 3960, 17, 2500, 700, 3300, 1};

        assertTimeoutPreemptively(DEADLINE, () -> {
            try (DecodedTrack track = decoder.open(file, 1000)) {
                // Seeks with nothing read in between: only the last one may be heard.
                for (long position : positions) {
                    track.seek(position);
                }
                assertFrom(readAtLeast(track, OUT.millisToBytes(100)), 48L, "after ten seeks in a row");
                // Seeks after part of a track was read, forward and back, one frame apart and in the last second.
                for (long position : positions) {
                    track.seek(position);
                    byte[] next = readAtLeast(track, OUT.bytesPerFrame());
                    assertFrom(next, position * 48, "seek to " + position + " ms");
                }
                track.seek(2000);
                assertPlaysOnFrom(track, 2000 * 48, 4000 * 48, "the last seek, read to the end");
            }
        });
    }

    @Test
    void readsAfterTheEndKeepSayingEnd() throws IOException {
        Path file = ToneFiles.wav(dir, "short.wav", 440, 200, 48_000, 2);

        assertTimeoutPreemptively(DEADLINE, () -> {
            try (DecodedTrack track = decoder.open(file, 0)) {
                readToEnd(track);
                assertEquals(-1, track.read(new byte[READ_BUFFER]));
            }
        });
    }

    @Test
    void missingFileFailsQuickly() {
        assertFailsQuickly(dir.resolve("not-there.mp3"));
    }

    @Test
    void textRenamedMp3FailsQuickly() throws IOException {
        assertFailsQuickly(ToneFiles.text(dir, "shopping-list.mp3"));
    }

    @Test
    void emptyFileFailsQuickly() throws IOException {
        assertFailsQuickly(Files.createFile(dir.resolve("empty.mp3")));
    }

    @Test
    void truncatedWavFailsOrEndsCleanly() throws IOException {
        Path whole = ToneFiles.wav(dir, "whole.wav", 440, 1000, 48_000, 2);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(whole), 20));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (DecodedTrack track = decoder.open(cut, 0)) {
                assertEquals(0, readToEnd(track).length);
            } catch (AudioException expected) {
                // either is fine: no audio, no hang
            }
        });
    }

    @Test
    void aFileThatBreaksPartWayPlaysWhatItHasThenFails() throws Exception {
        Path flac = converted("a440-broken.wav", "a440-broken.flac", 48_000);
        byte[] whole = Files.readAllBytes(flac);
        Path broken = Files.write(dir.resolve("broken.flac"), Arrays.copyOf(whole, whole.length / 2));
        ByteArrayOutputStream played = new ByteArrayOutputStream();

        AudioException e = assertTimeoutPreemptively(
                DEADLINE,
                () -> assertThrows(AudioException.class, () -> {
                    try (DecodedTrack track = decoder.open(broken, 0)) {
                        byte[] buffer = new byte[READ_BUFFER];
                        int n;
                        while ((n = track.read(buffer)) >= 0) {
                            played.write(buffer, 0, n);
                        }
                    }
                }));

        assertTrue(e.getMessage().contains("broken.flac"), e.getMessage());
        assertTrue(
                OUT.bytesToMillis(played.size()) >= 500,
                "the audio before the break is played: " + OUT.bytesToMillis(played.size()) + " ms");
        assertToneAt(played.toByteArray(), 0, 400, 440);
    }

    private static void assertFailsQuickly(Path file) {
        AudioException e = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThrows(AudioException.class, () -> {
                    try (DecodedTrack track = decoder.open(file, 0)) {
                        readToEnd(track);
                    }
                }));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    private static Path converted(String wavName, String name, int sampleRate) throws Exception {
        Path wav = ToneFiles.wav(dir, wavName, 440, 2000, sampleRate, 2);
        Optional<Path> file = ToneFiles.convert(wav, name);
        assumeTrue(file.isPresent(), "neither sox nor ffmpeg can write " + name + " on this machine");
        return file.get();
    }

    private record Decoded(byte[] pcm, long durationMs) {}

    private static Decoded decode(Path file, long startMs) {
        return assertTimeoutPreemptively(DEADLINE, () -> {
            try (DecodedTrack track = decoder.open(file, startMs)) {
                return new Decoded(readToEnd(track), track.durationMs());
            }
        });
    }

    private static byte[] readToEnd(DecodedTrack track) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[READ_BUFFER];
        int n;
        while ((n = track.read(buffer)) >= 0) {
            assertEquals(0, n % OUT.bytesPerFrame(), "whole frames");
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] readAtLeast(DecodedTrack track, long bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[READ_BUFFER];
        while (out.size() < bytes) {
            int n = track.read(buffer);
            if (n < 0) {
                fail("The track ended after " + out.size() + " bytes, " + bytes + " wanted");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** {@code pcm} starts at sample frame {@code first} of a counting file and runs on without a gap. */
    private static void assertFrom(byte[] pcm, long first, String what) {
        assertTrue(pcm.length >= OUT.bytesPerFrame(), what + ": no PCM");
        assertEquals(first, ToneFiles.frameIndex(pcm, 0), what + ": the first frame read");
        for (int offset = 0; offset < pcm.length; offset += OUT.bytesPerFrame()) {
            long expected = first + offset / OUT.bytesPerFrame();
            if (ToneFiles.frameIndex(pcm, offset) != expected) {
                fail(what + ": frame " + ToneFiles.frameIndex(pcm, offset) + " where " + expected + " was due");
            }
        }
    }

    /**
     * Reads {@code track} to its end: it starts at frame {@code first}, has no gap, and ends with
     * the file, less at most the last (partial) 20 ms chunk, which lavaplayer does not hand out.
     */
    private static void assertPlaysOnFrom(DecodedTrack track, long first, long fileFrames, String what) {
        byte[] rest = readToEnd(track);
        assertFrom(rest, first, what);
        long end = first + rest.length / OUT.bytesPerFrame();
        assertTrue(end <= fileFrames && fileFrames - end < 960, what + ": ended at frame " + end + " of " + fileFrames);
    }

    private static void assertDuration(long expectedMs, byte[] pcm, long toleranceMs) {
        assertEquals(0, pcm.length % OUT.bytesPerFrame(), "whole frames");
        double ms = pcm.length / 4.0 / 48_000 * 1000;
        assertEquals(expectedMs, ms, toleranceMs, "48 kHz stereo PCM duration");
    }

    /** The middle of {@code pcm} is the tone in both channels, at about the level it was made with. */
    private static void assertStereoTone(byte[] pcm, double hz) {
        ToneCheck.Tone tone = ToneCheck.measureMiddle(pcm, OUT, 200);
        assertEquals(hz, tone.hz(), hz * 0.02, "pitch");
        assertEquals(ToneFiles.TONE_RMS, tone.rms(), ToneFiles.TONE_RMS * 0.25, "level");
        assertTrue(
                tone.amplitudeAtHz() > 0.8 * ToneFiles.AMPLITUDE * 32767,
                "the level is in the tone, not in noise: " + tone);
        assertChannelsEqual(pcm);
    }

    private static void assertChannelsEqual(byte[] pcm) {
        long differing = 0;
        for (int i = 0; i + 3 < pcm.length; i += 4) {
            int left = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
            int right = (short) ((pcm[i + 2] & 0xff) | (pcm[i + 3] << 8));
            if (Math.abs(left - right) > 64) {
                differing++;
            }
        }
        assertTrue(differing < pcm.length / 4 / 100, differing + " frames differ between left and right");
    }

    private static void assertToneAt(byte[] pcm, long fromMs, long lengthMs, double hz) {
        int from = (int) OUT.millisToBytes(fromMs);
        int length = (int) OUT.millisToBytes(lengthMs);
        assertTrue(from + length <= pcm.length, "only " + OUT.bytesToMillis(pcm.length) + " ms of PCM");
        ToneCheck.Tone tone = ToneCheck.measure(pcm, from, length, OUT);
        assertEquals(hz, tone.hz(), hz * 0.02, "pitch at " + fromMs + " ms");
        assertTrue(tone.rms() > ToneFiles.TONE_RMS * 0.75, "level at " + fromMs + " ms: " + tone);
    }
}
