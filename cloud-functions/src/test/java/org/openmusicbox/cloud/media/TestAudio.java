package org.openmusicbox.cloud.media;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Audio files made on the spot: 16-bit PCM WAV with RIFF INFO tags, and MP3 (jump3r) with an ID3v2.3 tag. */
public final class TestAudio {

    public static final int RATE = 44_100;

    private TestAudio() {}

    public record Tags(String title, String artist, String album) {}

    /** A mono WAV of a tone; {@code seed} changes the tone so that files differ in content. */
    public static byte[] wav(double seconds, int seed, Tags tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeWav(out, pcm(seconds, seed, 1), 1, tags);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** A stereo WAV of about {@code bytes} bytes, written in chunks (for files too big to hold). */
    public static void writeWav(Path file, long bytes, int seed) throws IOException {
        int channels = 2;
        long frames = (bytes - 44) / (2L * channels);
        long dataBytes = frames * 2 * channels;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(riffHeader(dataBytes, channels, new byte[0]));
            byte[] chunk = new byte[64 * 1024];
            long written = 0;
            long frame = 0;
            double freq = frequency(seed);
            while (written < dataBytes) {
                int n = (int) Math.min(chunk.length, dataBytes - written);
                ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n).order(ByteOrder.LITTLE_ENDIAN);
                while (buf.remaining() >= 2 * channels) {
                    short s = sample(frame++, freq);
                    for (int c = 0; c < channels; c++) {
                        buf.putShort(s);
                    }
                }
                out.write(chunk, 0, n);
                written += n;
            }
        }
    }

    /** A mono 128 kbit/s MP3 of a tone, with an ID3v2.3 tag in front when {@code tags} is not null. */
    public static byte[] mp3(double seconds, int seed, Tags tags) {
        byte[] pcm = pcm(seconds, seed, 1);
        javax.sound.sampled.AudioFormat source = new javax.sound.sampled.AudioFormat(RATE, 16, 1, true, false);
        LameEncoder encoder =
                new LameEncoder(source, 128, LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_LOW, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (tags != null) {
            out.writeBytes(id3(tags));
        }
        byte[] buffer = new byte[encoder.getMP3BufferSize()];
        int step = encoder.getPCMBufferSize();
        for (int pos = 0; pos < pcm.length; pos += step) {
            int n = encoder.encodeBuffer(pcm, pos, Math.min(step, pcm.length - pos), buffer);
            out.write(buffer, 0, n);
        }
        int n = encoder.encodeFinish(buffer);
        out.write(buffer, 0, n);
        encoder.close();
        return out.toByteArray();
    }

    private static byte[] pcm(double seconds, int seed, int channels) {
        int frames = (int) (seconds * RATE);
        ByteBuffer buf = ByteBuffer.allocate(frames * 2 * channels).order(ByteOrder.LITTLE_ENDIAN);
        double freq = frequency(seed);
        for (int i = 0; i < frames; i++) {
            short s = sample(i, freq);
            for (int c = 0; c < channels; c++) {
                buf.putShort(s);
            }
        }
        return buf.array();
    }

    private static double frequency(int seed) {
        return 220 + (seed % 1000) * 0.77;
    }

    private static short sample(long frame, double freq) {
        return (short) (Math.sin(2 * Math.PI * freq * frame / RATE) * 8000);
    }

    private static void writeWav(OutputStream out, byte[] data, int channels, Tags tags) throws IOException {
        byte[] info = tags == null ? new byte[0] : infoChunk(tags);
        out.write(riffHeader(data.length, channels, info));
        out.write(data);
        out.write(info);
    }

    /** RIFF header, fmt chunk and data chunk header; {@code trailer} (a LIST chunk) follows the data. */
    private static byte[] riffHeader(long dataBytes, int channels, byte[] trailer) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt((int) (36 + dataBytes + trailer.length)).put(ascii("WAVE"));
        b.put(ascii("fmt "))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(RATE)
                .putInt(RATE * 2 * channels)
                .putShort((short) (2 * channels))
                .putShort((short) 16);
        b.put(ascii("data")).putInt((int) dataBytes);
        return b.array();
    }

    private static byte[] infoChunk(Tags tags) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("INFO"));
        subChunk(body, "INAM", tags.title());
        subChunk(body, "IART", tags.artist());
        subChunk(body, "IPRD", tags.album());
        byte[] content = body.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(8 + content.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("LIST")).putInt(content.length).put(content);
        return b.array();
    }

    private static void subChunk(ByteArrayOutputStream out, String id, String value) {
        if (value == null) {
            return;
        }
        byte[] text = (value + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length + (text.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(id)).putInt(text.length).put(text);
        out.writeBytes(b.array());
    }

    /** ID3v2.3 with TIT2, TPE1, TALB as UTF-16 text frames (v2.3 has no UTF-8). */
    static byte[] id3(Tags tags) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        id3Frame(frames, "TIT2", tags.title());
        id3Frame(frames, "TPE1", tags.artist());
        id3Frame(frames, "TALB", tags.album());
        byte[] body = frames.toByteArray();
        int size = body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("ID3"));
        out.write(3);
        out.write(0);
        out.write(0);
        out.write((size >> 21) & 0x7f);
        out.write((size >> 14) & 0x7f);
        out.write((size >> 7) & 0x7f);
        out.write(size & 0x7f);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void id3Frame(ByteArrayOutputStream out, String id, String value) {
        if (value == null) {
            return;
        }
        byte[] text = value.getBytes(StandardCharsets.UTF_16); // with BOM
        ByteBuffer b = ByteBuffer.allocate(10 + 1 + text.length);
        b.put(ascii(id))
                .putInt(1 + text.length)
                .putShort((short) 0)
                .put((byte) 1)
                .put(text);
        out.writeBytes(b.array());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
