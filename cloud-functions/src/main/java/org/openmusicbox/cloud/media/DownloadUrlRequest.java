package org.openmusicbox.cloud.media;

/** Asks {@link PresignDownload} for a URL to fetch the file of a track ({@code media/<sha256>.<ext>}). */
public record DownloadUrlRequest(String deviceId, String objectKey) {}
