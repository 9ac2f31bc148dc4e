package org.openmusicbox.cloud.config;

import org.openmusicbox.cloud.youtube.YoutubeSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code omb.youtube.*}: the programs, the limits and the number of downloads at once. */
@ConfigurationProperties("omb.youtube")
public record YoutubeProperties(String ytDlp, String ffmpeg, long maxDurationS, long maxBytes, int workers) {

    /** The handler's settings: these values over {@link YoutubeSettings#defaults()} (queue size, timeout). */
    public YoutubeSettings settings() {
        YoutubeSettings defaults = YoutubeSettings.defaults();
        return defaults.withPrograms(
                        blank(ytDlp) ? defaults.ytDlp() : ytDlp, blank(ffmpeg) ? defaults.ffmpeg() : ffmpeg)
                .withLimits(
                        maxDurationS > 0 ? maxDurationS : defaults.maxDurationSeconds(),
                        maxBytes > 0 ? maxBytes : defaults.maxBytes())
                .withWorkers(workers > 0 ? workers : defaults.workers());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
