package org.openmusicbox.cloud.youtube;

import java.time.Duration;

/**
 * The {@code omb.youtube.*} settings: the programs, the limits, the number of downloads at once, how many
 * may wait, and how long one may take in all before it is stopped.
 */
public record YoutubeSettings(
        String ytDlp,
        String ffmpeg,
        long maxDurationSeconds,
        long maxBytes,
        int workers,
        int queueSize,
        Duration timeout) {

    public static final long DEFAULT_MAX_DURATION_SECONDS = 10_800;
    public static final long DEFAULT_MAX_BYTES = 524_288_000;

    public YoutubeSettings {
        if (maxDurationSeconds <= 0
                || maxBytes <= 0
                || workers <= 0
                || queueSize <= 0
                || timeout == null
                || timeout.isNegative()
                || timeout.isZero()) {
            throw new IllegalArgumentException("youtube limits, workers, queue size and timeout must be positive");
        }
    }

    /** The README's defaults: {@code yt-dlp}, {@code ffmpeg}, 3 hours, 500 MB, 2 workers; 100 waiting, 1 hour each. */
    public static YoutubeSettings defaults() {
        return new YoutubeSettings(
                "yt-dlp", "ffmpeg", DEFAULT_MAX_DURATION_SECONDS, DEFAULT_MAX_BYTES, 2, 100, Duration.ofHours(1));
    }

    public YoutubeSettings withPrograms(String ytDlp, String ffmpeg) {
        return new YoutubeSettings(ytDlp, ffmpeg, maxDurationSeconds, maxBytes, workers, queueSize, timeout);
    }

    public YoutubeSettings withLimits(long maxDurationSeconds, long maxBytes) {
        return new YoutubeSettings(ytDlp, ffmpeg, maxDurationSeconds, maxBytes, workers, queueSize, timeout);
    }

    public YoutubeSettings withWorkers(int workers) {
        return new YoutubeSettings(ytDlp, ffmpeg, maxDurationSeconds, maxBytes, workers, queueSize, timeout);
    }

    public YoutubeSettings withTimeout(Duration timeout) {
        return new YoutubeSettings(ytDlp, ffmpeg, maxDurationSeconds, maxBytes, workers, queueSize, timeout);
    }
}
