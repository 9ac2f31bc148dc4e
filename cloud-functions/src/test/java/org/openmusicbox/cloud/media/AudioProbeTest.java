package org.openmusicbox.cloud.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openmusicbox.cloud.media.AudioProbe.AudioInfo;

class AudioProbeTest {

    private final AudioProbe probe = new AudioProbe();

    @TempDir
    Path dir;

    @Test
    void wavGivesDurationAndInfoTags() throws Exception {
        Path file = write(
                "song.bin", TestAudio.wav(2.5, 1, new TestAudio.Tags("Frère Jacques", "Les Enfants", "Comptines")));

        AudioInfo info = probe.probe(file);

        assertThat(info.format()).isEqualTo(AudioFormat.WAV);
        assertThat(info.durationMs()).isEqualTo(2500);
        assertThat(info.title()).isEqualTo("Frère Jacques");
        assertThat(info.artist()).isEqualTo("Les Enfants");
        assertThat(info.album()).isEqualTo("Comptines");
    }

    @Test
    void mp3GivesDurationAndId3Tags() throws Exception {
        Path file = write("x", TestAudio.mp3(3.0, 2, new TestAudio.Tags("Au clair de la lune", "Pierrot", "Nuit")));

        AudioInfo info = probe.probe(file);

        assertThat(info.format()).isEqualTo(AudioFormat.MP3);
        assertThat(info.durationMs()).isBetween(2900L, 3200L);
        assertThat(info.title()).isEqualTo("Au clair de la lune");
        assertThat(info.artist()).isEqualTo("Pierrot");
        assertThat(info.album()).isEqualTo("Nuit");
    }

    @Test
    void untaggedMp3HasNoTags() throws Exception {
        AudioInfo info = probe.probe(write("a.mp3", TestAudio.mp3(1.0, 3, null)));

        assertThat(info.format()).isEqualTo(AudioFormat.MP3);
        assertThat(info.title()).isNull();
        assertThat(info.durationMs()).isPositive();
    }

    @Test
    void textRenamedMp3IsRefused() throws Exception {
        Path file = write("song.mp3", "Shopping list\nmilk\neggs\n".repeat(200).getBytes(StandardCharsets.UTF_8));

        assertRefused(file);
    }

    @Test
    void zerosAreRefused() throws Exception {
        assertRefused(write("zeros.mp3", new byte[100_000]));
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        assertRefused(write("empty.wav", new byte[0]));
    }

    @Test
    void id3TagFollowedByGarbageIsRefused() throws Exception {
        byte[] tag = TestAudio.id3(new TestAudio.Tags("t", "a", "b"));
        byte[] file = Arrays.copyOf(tag, tag.length + 50_000);
        Arrays.fill(file, tag.length, file.length, (byte) 0x41);
        assertRefused(write("fake.mp3", file));
    }

    @Test
    void wavHeaderWithoutSoundIsRefused() throws Exception {
        byte[] wav = TestAudio.wav(0.0, 1, null);
        assertRefused(write("silent.wav", wav));
    }

    @Test
    void truncatedWavHeaderIsRefused() throws Exception {
        byte[] wav = TestAudio.wav(1.0, 1, null);
        assertRefused(write("cut.wav", Arrays.copyOf(wav, 20)));
    }

    /** FLAC, Ogg Vorbis and M4A (AAC) made by the Debian ffmpeg from a WAV; skipped where there is none. */
    @ParameterizedTest
    @CsvSource({"flac,flac,FLAC", "ogg,libvorbis,OGG", "m4a,aac,M4A"})
    void formatsEncodedByFfmpegGiveDurationAndTags(String extension, String codec, AudioFormat expected)
            throws Exception {
        Path ffmpeg = Path.of("/usr/bin/ffmpeg");
        assumeTrue(Files.isExecutable(ffmpeg), "no ffmpeg");
        Path wav = write("in.wav", TestAudio.wav(2.0, 5, null));
        Path out = dir.resolve("out." + extension);
        Process p = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-i",
                        wav.toString(),
                        "-c:a",
                        codec,
                        "-metadata",
                        "title=Pomme de reinette",
                        "-metadata",
                        "artist=Chorale",
                        "-metadata",
                        "album=Jardin",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        Path renamed = Files.move(out, dir.resolve("upload.bin"));

        AudioInfo info = probe.probe(renamed);

        assertThat(info.format()).isEqualTo(expected);
        assertThat(info.durationMs()).isBetween(1900L, 2200L);
        assertThat(info.title()).isEqualTo("Pomme de reinette");
        assertThat(info.artist()).isEqualTo("Chorale");
        assertThat(info.album()).isEqualTo("Jardin");
    }

    @Test
    void oggOpusIsRefusedAsUnsupported() throws Exception {
        Path ffmpeg = Path.of("/usr/bin/ffmpeg");
        assumeTrue(Files.isExecutable(ffmpeg), "no ffmpeg");
        Path wav = write("in.wav", TestAudio.wav(1.0, 6, null));
        Path out = dir.resolve("out.opus");
        Process p = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-i",
                        wav.toString(),
                        "-c:a",
                        "libopus",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();

        assertRefused(out);
    }

    private void assertRefused(Path file) {
        assertThatThrownBy(() -> probe.probe(file))
                .isInstanceOfSatisfying(
                        MediaRejected.class, e -> assertThat(e.errorType()).isEqualTo(MediaRejected.UNSUPPORTED_MEDIA));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }
}
