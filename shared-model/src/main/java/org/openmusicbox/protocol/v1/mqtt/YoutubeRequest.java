package org.openmusicbox.protocol.v1.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code youtube/requests}, device to cloud: download the audio of {@code url} into {@code playlist_id}.
 * {@code task_id} is chosen by the device and names the task in every progress, completion and error message;
 * the same {@code task_id} twice starts one download. Only {@code http} and {@code https} URLs are accepted.
 */
public record YoutubeRequest(String taskId, String deviceId, String url, String playlistId) {

    public YoutubeRequest {
        Check.present(taskId, "task_id");
        Check.deviceId(deviceId, "device_id");
        Check.present(url, "url");
        Check.present(playlistId, "playlist_id");
        if (!isWebUrl(url)) {
            throw new IllegalArgumentException("url must be an http or https URL, was " + Check.quoted(url));
        }
    }

    private static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
