package org.openmusicbox.edge.audio;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;

/**
 * Makes audio files of sine tones for tests: WAV directly, MP3 with jump3r (pure Java), and FLAC,
 * OGG/Vorbis or M4A/AAC with sox or ffmpeg when the machine has them.
 */
public final class ToneFiles {

    /** Peak level of every tone, as a fraction of full scale. */
    public static final double AMPLITUDE = 0.5;

    /** The RMS of a tone at {@link #AMPLITUDE}, in 16-bit sample units. */
    public static final double TONE_RMS = AMPLITUDE * 32767 / Math.sqrt(2);

    private ToneFiles() {}

    /** A WAV file holding a sine tone of {@code hz} for {@code ms}, the same in every channel. */
    public static Path wav(Path dir, String name, double hz, long ms, int sampleRate, int channels) throws IOException {
        return steps(dir, name, sampleRate, channels, ms, hz);
    }

    /**
     * A WAV file of tones one after the other, each {@code msEach} long: a file whose content says
     * where in it one is, for seek tests.
     */
    public static Path steps(Path dir, String name, int sampleRate, int channels, long msEach, double... hz)
            throws IOException {
        byte[] pcm = pcm(sampleRate, channels, msEach, hz);
        Path file = dir.resolve(name);
        Files.write(file, wavBytes(pcm, sampleRate, channels));
        return file;
    }

    /** An MP3 (44.1 kHz stereo, 128 kbit/s CBR) of a sine tone, encoded with jump3r. */
    public static Path mp3(Path dir, String name, double hz, long ms) throws IOException {
        int sampleRate = 44_100;
        int channels = 2;
        byte[] pcm = pcm(sampleRate, channels, ms, hz);
        AudioFormat source = new AudioFormat(sampleRate, 16, channels, true, false);
        LameEncoder encoder =
                new LameEncoder(source, 128, LameEncoder.CHANNEL_MODE_JOINT_STEREO, LameEncoder.QUALITY_MIDDLE, false);
        ByteArrayOutputStream mp3 = new ByteArrayOutputStream();
        byte[] out = new byte[encoder.getMP3BufferSize()];
        int chunk = encoder.getPCMBufferSize();
        try {
            for (int position = 0; position < pcm.length; position += chunk) {
                int length = Math.min(chunk, pcm.length - position);
                int written = encoder.encodeBuffer(pcm, position, length, out);
                mp3.write(out, 0, written);
            }
            int written = encoder.encodeFinish(out);
            mp3.write(out, 0, written);
        } finally {
            encoder.close();
        }
        Path file = dir.resolve(name);
        Files.write(file, mp3.toByteArray());
        return file;
    }

    /**
     * A 48 kHz stereo WAV in which every sample frame holds its own index (low 15 bits on the left,
     * the rest on the right), so that any PCM read from it says exactly where in the file it is.
     * 48 kHz stereo passes through lavaplayer unchanged. See {@link #frameIndex}.
     */
    public static Path counting(Path dir, String name, long ms) throws IOException {
        int frames = (int) (ms * 48);
        ByteBuffer pcm = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            pcm.putShort((short) (i & 0x7fff));
            pcm.putShort((short) (i >>> 15));
        }
        Path file = dir.resolve(name);
        Files.write(file, wavBytes(pcm.array(), 48_000, 2));
        return file;
    }

    /** The index of the sample frame at byte {@code offset} of PCM decoded from a {@link #counting} file. */
    public static int frameIndex(byte[] pcm, int offset) {
        int low = (pcm[offset] & 0xff) | ((pcm[offset + 1] & 0xff) << 8);
        int high = (pcm[offset + 2] & 0xff) | ((pcm[offset + 3] & 0xff) << 8);
        return low | (high << 15);
    }

    /** A file that is text, whatever its name says. */
    public static Path text(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(
                file, "This is a shopping list, not a song.\nmilk\nbread\n".repeat(200), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Converts a WAV file with sox or ffmpeg (whichever is installed and writes the format) to the
     * format its name ends with: {@code .flac}, {@code .ogg}, {@code .m4a}. Empty when neither can.
     */
    public static Optional<Path> convert(Path wav, String name) throws IOException, InterruptedException {
        Path target = wav.resolveSibling(name);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        List<List<String>> commands = new ArrayList<>();
        if (!extension.equals("m4a")) {
            tool("sox").ifPresent(sox -> commands.add(List.of(sox, "-q", wav.toString(), target.toString())));
        }
        tool("ffmpeg").ifPresent(ffmpeg -> {
            List<String> command =
                    new ArrayList<>(List.of(ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", wav.toString()));
            switch (extension) {
                case "ogg" -> command.addAll(List.of("-c:a", "libvorbis"));
                case "m4a" -> command.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
                default -> {}
            }
            command.add(target.toString());
            commands.add(command);
        });
        for (List<String> command : commands) {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 30 s");
            }
            if (process.exitValue() == 0 && Files.size(target) > 0) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }

    /** The full path of a program on the PATH, if there is one. */
    public static Optional<String> tool(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Interleaved s16le PCM of tones, each {@code msEach} long, with the same sample in every channel. */
    public static byte[] pcm(int sampleRate, int channels, long msEach, double... hz) {
        long framesEach = msEach * sampleRate / 1000;
        ByteBuffer pcm = ByteBuffer.allocate((int) (framesEach * hz.length * channels * 2))
                .order(ByteOrder.LITTLE_ENDIAN);
        double phase = 0;
        for (double tone : hz) {
            double step = 2 * Math.PI * tone / sampleRate;
            for (long i = 0; i < framesEach; i++) {
                short sample = (short) Math.round(AMPLITUDE * 32767 * Math.sin(phase));
                for (int c = 0; c < channels; c++) {
                    pcm.putShort(sample);
                }
                phase += step;
            }
        }
        return pcm.array();
    }

    /** A canonical 44-byte-header PCM WAV around {@code pcm}. */
    public static byte[] wavBytes(byte[] pcm, int sampleRate, int channels) {
        ByteBuffer wav = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + pcm.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return wav.array();
    }
}
