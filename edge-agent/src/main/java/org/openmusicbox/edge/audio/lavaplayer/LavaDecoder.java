package org.openmusicbox.edge.audio.lavaplayer;

import com.sedmelluq.discord.lavaplayer.container.MediaContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.MediaContainerRegistry;
import com.sedmelluq.discord.lavaplayer.container.adts.AdtsContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.flac.FlacContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.matroska.MatroskaContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.mp3.Mp3ContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.mpeg.MpegContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.ogg.OggContainerProbe;
import com.sedmelluq.discord.lavaplayer.container.wav.WavContainerProbe;
import com.sedmelluq.discord.lavaplayer.format.AudioDataFormat;
import com.sedmelluq.discord.lavaplayer.format.StandardAudioDataFormats;
import com.sedmelluq.discord.lavaplayer.player.AudioConfiguration;
import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.DecodedTrack;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.audio.PcmFormat;

/**
 * Decodes local files with lavaplayer. The agent makes one of these: it owns the process's one
 * {@link AudioPlayerManager}, which reads local files only (no remote source is registered) and
 * decodes to 16-bit little-endian stereo at 48 kHz, which is {@link PcmFormat#STANDARD}.
 *
 * <p>MP3, Vorbis, AAC and resampling (any file not at 48 kHz) use lavaplayer's native library,
 * which it unpacks to {@code java.io.tmpdir} on first use ({@code -Dlava.native.extractPath=...}
 * moves it). WAV at 48 kHz and FLAC are decoded in Java.
 */
public final class LavaDecoder implements Decoder {

    /** How long loading a file (probing its container) may take before {@link #open} gives up. */
    public static final Duration DEFAULT_LOAD_DEADLINE = Duration.ofSeconds(5);

    /**
     * How much decoded audio lavaplayer keeps ahead of the reader. Lavaplayer's default is 5 s
     * (about 1 MB of PCM per track); 1 s is plenty for local files and costs a fifth of that.
     */
    static final int FRAME_BUFFER_MS = 1_000;

    /** File containers a box plays. Playlist probes (M3U, PLS, plain lists of URLs) are left out. */
    private static final List<MediaContainerProbe> PROBES = List.of(
            new WavContainerProbe(),
            new MatroskaContainerProbe(),
            new MpegContainerProbe(),
            new FlacContainerProbe(),
            new OggContainerProbe(),
            new Mp3ContainerProbe(),
            new AdtsContainerProbe());

    private static final AudioDataFormat OUTPUT = StandardAudioDataFormats.DISCORD_PCM_S16_LE;

    private final DefaultAudioPlayerManager manager;
    private final Duration loadDeadline;
    private volatile boolean closed;

    public LavaDecoder() {
        this(DEFAULT_LOAD_DEADLINE);
    }

    public LavaDecoder(Duration loadDeadline) {
        if (OUTPUT.sampleRate != PcmFormat.STANDARD.sampleRate()
                || OUTPUT.channelCount != PcmFormat.STANDARD.channels()) {
            throw new IllegalStateException("lavaplayer output " + OUTPUT + " is not " + PcmFormat.STANDARD);
        }
        this.loadDeadline = loadDeadline;
        NativeLeftovers.clean();
        manager = new DefaultAudioPlayerManager();
        manager.getConfiguration().setOutputFormat(OUTPUT);
        // 44.1 kHz files are resampled to 48 kHz; MEDIUM is libsamplerate's fastest sinc converter.
        manager.getConfiguration().setResamplingQuality(AudioConfiguration.ResamplingQuality.MEDIUM);
        manager.setFrameBufferDuration(FRAME_BUFFER_MS);
        // A seek drops buffered audio at once instead of playing the old position until the new one arrives.
        manager.setUseSeekGhosting(false);
        // Lavaplayer stops a player nobody has read from for a minute; a paused box must not lose its track.
        manager.setPlayerCleanupThreshold(Long.MAX_VALUE);
        manager.setItemLoaderThreadPoolSize(1);
        manager.registerSourceManager(new LocalAudioSourceManager(new MediaContainerRegistry(PROBES)));
    }

    @Override
    public DecodedTrack open(Path file, long startMs) {
        if (closed) {
            throw new AudioException("The decoder is closed");
        }
        checkReadable(file);
        AudioTrack track = load(file);
        return new LavaTrack(manager.createPlayer(), track, Math.max(0, startMs), file);
    }

    private static void checkReadable(Path file) {
        try {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new AudioException("No readable audio file at " + file);
            }
            if (Files.size(file) == 0) {
                throw new AudioException("The audio file " + file + " is empty");
            }
        } catch (IOException e) {
            throw new AudioException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private AudioTrack load(Path file) {
        CompletableFuture<AudioTrack> result = new CompletableFuture<>();
        AudioReference reference = new AudioReference(
                file.toAbsolutePath().toString(), file.getFileName().toString());
        Future<Void> loading = manager.loadItem(reference, new AudioLoadResultHandler() {
            @Override
            public void trackLoaded(AudioTrack track) {
                result.complete(track);
            }

            @Override
            public void playlistLoaded(AudioPlaylist playlist) {
                result.completeExceptionally(new AudioException(file + " is a playlist, not an audio file"));
            }

            @Override
            public void noMatches() {
                result.completeExceptionally(new AudioException(file + " is not in an audio format the player reads"));
            }

            @Override
            public void loadFailed(FriendlyException e) {
                result.completeExceptionally(new AudioException("Cannot decode " + file + ": " + e.getMessage(), e));
            }
        });
        try {
            return result.get(loadDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            loading.cancel(true);
            throw new AudioException("Reading " + file + " took longer than " + loadDeadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AudioException a
                    ? new AudioException(a.getMessage(), a.getCause())
                    : new AudioException("Cannot decode " + file + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loading.cancel(true);
            throw new AudioException("Interrupted while reading " + file, e);
        }
    }

    /** Stops every track still decoding and lavaplayer's threads. */
    @Override
    public void close() {
        closed = true;
        manager.shutdown();
    }
}
