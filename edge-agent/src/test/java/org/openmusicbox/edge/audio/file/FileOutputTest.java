package org.openmusicbox.edge.audio.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.device.DeviceStatus;

class FileOutputTest {

    private static final PcmFormat FORMAT = PcmFormat.STANDARD;
    private static final int CHUNK = (int) FORMAT.millisToBytes(20);

    @TempDir
    Path dir;

    @Test
    void theFileIsAWavHoldingExactlyWhatWasWritten() throws Exception {
        Path file = dir.resolve("out.wav");
        byte[] pcm = ToneFiles.pcm(48_000, 2, 300, 440, 880);

        try (FileOutput output = FileOutput.open(file)) {
            assertEquals(DeviceStatus.available("writing to " + file), output.status());
            writeInChunks(output, pcm, 0, pcm.length);
        }

        assertWav(file, pcm);
    }

    @Test
    void theHeaderIsUpToDateAfterAFlushWhileTheFileIsStillOpen() throws Exception {
        Path file = dir.resolve("open.wav");
        byte[] pcm = ToneFiles.pcm(48_000, 2, 200, 440);

        try (FileOutput output = FileOutput.open(file)) {
            writeInChunks(output, pcm, 0, pcm.length);
            output.flush();
            assertWav(file, pcm);

            output.write(pcm, 0, CHUNK);
            output.pause();
            byte[] more = Arrays.copyOf(pcm, pcm.length + CHUNK);
            System.arraycopy(pcm, 0, more, pcm.length, CHUNK);
            assertWav(file, more);
        }
    }

    @Test
    void anEmptyFileIsAValidWav() throws Exception {
        Path file = dir.resolve("empty.wav");

        FileOutput.open(file).close();

        assertWav(file, new byte[0]);
    }

    @Test
    void writingASecondTakesAboutASecond() {
        Path file = dir.resolve("paced.wav");
        byte[] second = ToneFiles.pcm(48_000, 2, 1000, 440);

        try (FileOutput output = FileOutput.open(file)) {
            long started = System.nanoTime();
            writeInChunks(output, second, 0, second.length);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertTrue(elapsedMs >= 800, "1 s of audio was written in " + elapsedMs + " ms: not paced");
            assertTrue(elapsedMs < 5_000, "1 s of audio took " + elapsedMs + " ms");
        }
    }

    @Test
    void timeSpentPausedIsNotCreditedToTheNextWrites() throws InterruptedException {
        Path file = dir.resolve("pause.wav");
        byte[] pcm = ToneFiles.pcm(48_000, 2, 500, 440);

        try (FileOutput output = FileOutput.open(file)) {
            writeInChunks(output, pcm, 0, CHUNK * 5);
            output.pause();
            Thread.sleep(600); // the box stays paused for 0.6 s: that time must not let later writes run ahead
            long started = System.nanoTime();
            writeInChunks(output, pcm, 0, pcm.length);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertTrue(elapsedMs >= 300, "0.5 s after a pause was written in " + elapsedMs + " ms");
            assertTrue(elapsedMs < 3_000, "0.5 s after a pause took " + elapsedMs + " ms");
        }
    }

    @Test
    void aFullFileStartsOverAndStaysValid() throws Exception {
        Path file = dir.resolve("bounded.wav");
        byte[] first = ToneFiles.pcm(48_000, 2, 60, 440);
        byte[] second = ToneFiles.pcm(48_000, 2, 60, 880);

        try (FileOutput output = FileOutput.open(file, 100)) {
            output.write(first, 0, first.length);
            output.write(second, 0, second.length);
        }

        assertWav(file, second);
    }

    @Test
    void aWriteAfterCloseFailsAndHealthSaysSo() {
        Path file = dir.resolve("closed.wav");
        FileOutput output = FileOutput.open(file);
        output.close();

        assertThrows(AudioException.class, () -> output.write(new byte[CHUNK], 0, CHUNK));
        assertEquals(DeviceStatus.State.FAILED, output.status().state());
    }

    @Test
    void aFileThatCannotBeCreatedFailsWithItsPath() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path file = blocker.resolve("out.wav");

        AudioException e = assertThrows(AudioException.class, () -> FileOutput.open(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static void writeInChunks(FileOutput output, byte[] pcm, int from, int to) {
        for (int at = from; at < to; at += CHUNK) {
            output.write(pcm, at, Math.min(CHUNK, to - at));
        }
    }

    /** The file parses as a WAV (our reading and Java Sound's) in the standard format, holding exactly {@code pcm}. */
    private static void assertWav(Path file, byte[] pcm) throws IOException, UnsupportedAudioFileException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", ascii(bytes, 0));
        assertEquals(bytes.length - 8, header.getInt(4), "RIFF size");
        assertEquals("WAVE", ascii(bytes, 8));
        assertEquals("fmt ", ascii(bytes, 12));
        assertEquals(1, header.getShort(20), "PCM");
        assertEquals(2, header.getShort(22), "channels");
        assertEquals(48_000, header.getInt(24), "sample rate");
        assertEquals(16, header.getShort(34), "bits");
        assertEquals("data", ascii(bytes, 36));
        assertEquals(pcm.length, header.getInt(40), "data size");
        assertArrayEquals(pcm, Arrays.copyOfRange(bytes, 44, bytes.length));

        AudioFileFormat parsed = AudioSystem.getAudioFileFormat(file.toFile());
        assertEquals(AudioFileFormat.Type.WAVE, parsed.getType());
        AudioFormat format = parsed.getFormat();
        assertEquals(new AudioFormat(48_000, 16, 2, true, false).toString(), format.toString());
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            assertArrayEquals(pcm, read.toByteArray(), "Java Sound reads the same PCM");
        }
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}
