package org.openmusicbox.cloud.youtube;

/**
 * A download that could not be done, with a message a parent can read ({@link #getMessage()}) and the
 * reason a program can act on. The tool's own output, when there is some, is kept in {@link #detail()}.
 */
public final class DownloadFailed extends RuntimeException {

    public enum Reason {
        /** The URL is not an http(s) link we accept. */
        INVALID_URL("unsupported_url"),
        /** The site says the video does not exist, is private, removed or blocked. */
        UNAVAILABLE("unavailable"),
        /** The link holds no audio or video. */
        NOT_AUDIO("unsupported_url"),
        TOO_LONG("too_long"),
        TOO_LARGE("too_large"),
        /** yt-dlp or ffmpeg is not installed where the configuration says. */
        TOOL_MISSING("internal_error"),
        TIMEOUT("download_failed"),
        CANCELLED("download_failed"),
        /** Queue full: too many downloads waiting. */
        BUSY("internal_error"),
        /** Anything else (network, tool error, storage). */
        FAILED("download_failed");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code error_type} sent to the device. */
        public String wireName() {
            return wireName;
        }
    }

    private final Reason reason;
    private final String detail;

    public DownloadFailed(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public DownloadFailed(Reason reason, String message, String detail, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The tool's output behind this failure, for logs; may be null. */
    public String detail() {
        return detail;
    }
}
