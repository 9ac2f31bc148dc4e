package org.openmusicbox.cloud.youtube;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The download tools behind one port: read what a link holds, fetch its audio, look at and cut audio
 * files. The real adapter runs yt-dlp and ffmpeg ({@code ytdlp/YtDlp}); tests may use a fake.
 * Every call blocks the calling thread (jobs run on their own pool), stops early when the
 * {@link Cancellation} fires or the deadline passes, and fails with {@link DownloadFailed}.
 */
public interface Downloader {

    /** Reads the link's title, duration, size and chapters without downloading the media. */
    VideoInfo describe(SourceUrl url, Cancellation cancellation, Instant deadline);

    /**
     * Downloads the audio of {@code info} into {@code folder} as MP3 and returns the file. Stops with
     * {@link DownloadFailed.Reason#TOO_LARGE} once more than {@code maxBytes} arrive.
     */
    Path download(
            VideoInfo info,
            Path folder,
            long maxBytes,
            ProgressListener progress,
            Cancellation cancellation,
            Instant deadline);

    /** Duration and embedded chapters of a local audio file; {@link DownloadFailed.Reason#NOT_AUDIO} when it holds none. */
    AudioFacts inspect(Path audio, Cancellation cancellation, Instant deadline);

    /** Writes {@code chapter}'s span of {@code audio} to {@code target} (MP3), tagged with {@code title}. */
    void cut(Path audio, Chapter chapter, Path target, Cancellation cancellation, Instant deadline);

    /** What a link holds; numbers are null when the site does not say. */
    record VideoInfo(
            String id,
            String title,
            String uploader,
            Double durationSeconds,
            Long sizeBytes,
            List<Chapter> chapters,
            String webpageUrl,
            String infoJson) {
        public VideoInfo {
            chapters = chapters == null ? List.of() : List.copyOf(chapters);
        }
    }

    /** A chapter in seconds from the start; {@code title} may be blank. */
    record Chapter(double startSeconds, double endSeconds, String title) {}

    record AudioFacts(double durationSeconds, List<Chapter> chapters) {
        public AudioFacts {
            chapters = chapters == null ? List.of() : List.copyOf(chapters);
        }
    }

    /** Download progress: percent of the bytes (0..100), remaining seconds when known. */
    record Progress(double percent, Long etaSeconds, long downloadedBytes, Long totalBytes) {}

    @FunctionalInterface
    interface ProgressListener {
        void onProgress(Progress progress);
    }
}
