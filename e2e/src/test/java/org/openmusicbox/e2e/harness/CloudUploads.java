package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A track added in the cloud through the cloud's own upload path, over its HTTP functions: {@code presignUpload}
 * for a URL under {@code incoming/<device_id>/}, a PUT of the bytes, then {@code processUpload}, which stores the
 * file as {@code media/<sha256>.<ext>} and registers the track in the box's replica (sync/CloudTracks).
 */
public final class CloudUploads {

    private final Http http;
    private final HttpClient client = HttpClient.newHttpClient();

    CloudUploads(Http http) {
        this.http = http;
    }

    /** Adds track {@code trackId} with {@code bytes} to the box's playlist; returns the stored track. */
    public JsonNode add(String deviceId, String playlistId, String trackId, String filename, byte[] bytes) {
        JsonNode urls = http.send(
                        "POST",
                        "/presignUpload",
                        Map.of("device_id", deviceId, "filename", filename, "file_size", bytes.length))
                .okBody("presignUpload");
        if (!urls.path("url").isTextual()) {
            throw new AssertionError("presignUpload gave no single URL: " + urls);
        }
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        URI.create(urls.path("url").asText()))
                .timeout(Duration.ofMinutes(2))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (urls.path("content_type").isTextual()) {
            put.header("Content-Type", urls.path("content_type").asText());
        }
        try {
            HttpResponse<String> answer = client.send(put.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new AssertionError(
                        "PUT to the presigned URL answered " + answer.statusCode() + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new AssertionError("PUT to the presigned URL failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> ready = new HashMap<>();
        ready.put("request_id", "e2e-" + trackId);
        ready.put("device_id", deviceId);
        ready.put("playlist_id", playlistId);
        ready.put("track_id", trackId);
        ready.put("object_key", urls.path("object_key").asText());
        ready.put("filename", filename);
        ready.put("declared_size", bytes.length);
        ready.put("sha256", MediaFiles.sha256(bytes));
        JsonNode result = http.send("POST", "/processUpload", ready).okBody("processUpload " + trackId);
        if (!"done".equals(result.path("status").asText())) {
            throw new AssertionError("processUpload did not take " + trackId + ": " + result);
        }
        return result.path("track");
    }
}
