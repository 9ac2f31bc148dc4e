package org.openmusicbox.protocol.v1.mqtt;

/**
 * {@code youtube/error}, cloud to device: the download failed. The fields of the Socket.IO
 * {@code youtube:error} ({@link org.openmusicbox.protocol.v1.YoutubeError}: {@code task_id}, {@code message})
 * plus {@code error_type}, so that a device can forward it to its web page unchanged and still tell the
 * kinds of failure apart.
 */
public record YoutubeFailed(String taskId, String message, String errorType) {

    /** The video does not exist, is private, or is blocked. */
    public static final String UNAVAILABLE = "unavailable";
    /** The video is longer than the cloud's duration limit. */
    public static final String TOO_LONG = "too_long";
    /** The download is larger than the cloud's size limit. */
    public static final String TOO_LARGE = "too_large";
    /** The URL is not one yt-dlp can download. */
    public static final String UNSUPPORTED_URL = "unsupported_url";
    /** yt-dlp or ffmpeg failed for another reason. */
    public static final String DOWNLOAD_FAILED = "download_failed";

    public static final String INTERNAL_ERROR = "internal_error";

    public YoutubeFailed {
        Check.present(taskId, "task_id");
        Check.required(message, "message");
        Check.present(errorType, "error_type");
    }

    /** The Socket.IO event a device sends its web page for this failure. */
    public org.openmusicbox.protocol.v1.YoutubeError toSocketEvent() {
        return new org.openmusicbox.protocol.v1.YoutubeError(taskId, message);
    }
}
