package org.openmusicbox.cloud.relay.away;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmusicbox.cloud.media.CompleteUpload;
import org.openmusicbox.cloud.media.CompleteUploadRequest;
import org.openmusicbox.cloud.media.PresignUpload;
import org.openmusicbox.cloud.media.ResumeUpload;
import org.openmusicbox.cloud.media.ResumeUploadRequest;
import org.openmusicbox.cloud.media.UploadUrlRequest;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A phone away from home adds a song: the file goes from the phone straight to the media store through presigned
 * URLs, in parts for a large file, and never through the relay or MQTT; the cloud then makes it a track of the
 * box's replica, which the box fetches into its media cache by sync. Four steps under
 * {@code /boxes/{device_id}/api/away/uploads}:
 *
 * <ol>
 *   <li>{@code POST} {@code {filename, file_size, playlist_id, content_type?}}: one URL, or an upload id and one URL
 *       per part ({@link PresignUpload}). The playlist must be in the cloud's copy of the library.</li>
 *   <li>{@code POST .../resume} {@code {object_key, upload_id, file_size}}: the parts the store holds and fresh URLs
 *       for the others ({@link ResumeUpload}), after a lost connection or a reload.</li>
 *   <li>{@code POST .../complete} {@code {object_key, upload_id, parts: [{part_number, etag}]}} joins the parts
 *       ({@link CompleteUpload}; again answers the same).</li>
 *   <li>{@code POST .../finish} {@code {object_key, filename, file_size, playlist_id}} checks the file and adds it
 *       ({@code ProcessUpload}): the answer is the track, {@code "pending": true} until the box has it. The track's
 *       id is the upload's own, so finishing twice adds it once.</li>
 * </ol>
 *
 * Refusals are the box's error envelope: a refused file is 413, 415 or 422, an unknown upload 404, a store that
 * cannot be reached 503; nothing is added.
 */
public final class AwayUploads {

    private static final Pattern INCOMING_KEY = Pattern.compile("incoming/([A-Za-z0-9_-]{1,64})/([0-9a-f-]{36})");
    private static final int MAX_FILENAME = 255;

    private final PresignUpload presign;
    private final ResumeUpload resume;
    private final CompleteUpload complete;
    private final Function<UploadReady, Mono<UploadResult>> process;
    private final OfflineLibrary library;
    private final AwayReplies replies;

    /**
     * @param process {@code ProcessUpload}, which registers the track through the app's {@code TrackRegistry}
     * @param library the replica's playlists, to refuse an upload into a playlist the box does not have
     */
    public AwayUploads(
            PresignUpload presign,
            ResumeUpload resume,
            CompleteUpload complete,
            Function<UploadReady, Mono<UploadResult>> process,
            OfflineLibrary library,
            JsonCodec codec) {
        this.presign = Objects.requireNonNull(presign, "presign");
        this.resume = Objects.requireNonNull(resume, "resume");
        this.complete = Objects.requireNonNull(complete, "complete");
        this.process = Objects.requireNonNull(process, "process");
        this.library = Objects.requireNonNull(library, "library");
        this.replies = new AwayReplies(codec);
    }

    public Mono<ServerResponse> start(ServerRequest request) {
        return step(request, (deviceId, form) -> {
            String filename = form.requiredText("filename", MAX_FILENAME);
            long size = form.requiredLong("file_size", 1, Long.MAX_VALUE);
            String playlistId = form.requiredId("playlist_id");
            String contentType = form.text("content_type", 255);
            return library.playlist(deviceId, playlistId)
                    .then(presign.apply(new UploadUrlRequest(deviceId, filename, size, contentType)))
                    .flatMap(urls -> {
                        refuseIfError(urls.errorType(), urls.message());
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("object_key", urls.objectKey());
                        data.put("content_type", urls.contentType());
                        putIfPresent(data, "url", urls.url());
                        putIfPresent(data, "upload_id", urls.uploadId());
                        putIfPresent(data, "part_size", urls.partSize());
                        putIfPresent(data, "parts", urls.parts());
                        data.put("expires_at", urls.expiresAt());
                        return replies.ok(HttpStatus.CREATED, "Upload started", data);
                    });
        });
    }

    public Mono<ServerResponse> resume(ServerRequest request) {
        return step(request, (deviceId, form) -> {
            String objectKey = ownKey(deviceId, form);
            String uploadId = form.requiredText("upload_id", 1024);
            long size = form.requiredLong("file_size", 1, Long.MAX_VALUE);
            return resume.apply(new ResumeUploadRequest(deviceId, objectKey, uploadId, size))
                    .flatMap(left -> {
                        refuseIfError(left.errorType(), left.message());
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("object_key", left.objectKey());
                        data.put("upload_id", left.uploadId());
                        data.put("part_size", left.partSize());
                        data.put("stored_parts", left.stored());
                        data.put("parts", left.parts());
                        data.put("expires_at", left.expiresAt());
                        return replies.ok(HttpStatus.OK, "Upload resumed", data);
                    });
        });
    }

    public Mono<ServerResponse> complete(ServerRequest request) {
        return step(request, (deviceId, form) -> {
            String objectKey = ownKey(deviceId, form);
            String uploadId = form.requiredText("upload_id", 1024);
            var parts = form.requiredArray("parts", 10_000).stream()
                    .map(p -> {
                        if (!p.isObject()
                                || !p.path("part_number").isInt()
                                || p.path("part_number").asInt() < 1
                                || !p.path("etag").isTextual()
                                || p.path("etag").asText().isBlank()) {
                            throw Form.invalid("parts", "each part needs its part_number and etag");
                        }
                        return new CompleteUploadRequest.Part(
                                p.path("part_number").asInt(), p.path("etag").asText());
                    })
                    .toList();
            if (parts.isEmpty()) {
                throw Form.invalid("parts", "parts must name the parts sent");
            }
            return complete.apply(new CompleteUploadRequest(deviceId, objectKey, uploadId, parts))
                    .flatMap(done -> {
                        refuseIfError(done.errorType(), done.message());
                        return replies.ok(
                                HttpStatus.OK,
                                "Upload joined",
                                Map.of("object_key", done.objectKey(), "size", done.size()));
                    });
        });
    }

    public Mono<ServerResponse> finish(ServerRequest request) {
        return step(request, (deviceId, form) -> {
            String objectKey = ownKey(deviceId, form);
            String filename = form.requiredText("filename", MAX_FILENAME);
            long size = form.requiredLong("file_size", 1, Long.MAX_VALUE);
            String playlistId = form.requiredId("playlist_id");
            String uploadName = uploadName(objectKey);
            UploadReady ready = new UploadReady(
                    "away-" + uploadName, deviceId, playlistId, uploadName, objectKey, filename, size, null);
            return library.playlist(deviceId, playlistId)
                    .then(process.apply(ready))
                    .flatMap(result -> {
                        refuseIfError(result.errorType(), result.message());
                        return library.playlists(deviceId).flatMap(all -> {
                            Track track = all.one(playlistId).stream()
                                    .flatMap(p -> p.tracks().stream())
                                    .filter(t -> t.id().equals(result.track().id()))
                                    .findFirst()
                                    .orElseGet(() -> track(result.track()));
                            return replies.pending(
                                    HttpStatus.CREATED,
                                    "Track added",
                                    Map.of("playlist_id", playlistId, "track", track),
                                    null);
                        });
                    });
        });
    }

    private interface Step {
        Mono<ServerResponse> apply(String deviceId, Form form);
    }

    private Mono<ServerResponse> step(ServerRequest request, Step step) {
        return Mono.defer(() -> {
                    String deviceId = OfflineLibrary.deviceId(request);
                    return replies.form(request).flatMap(form -> step.apply(deviceId, form));
                })
                .onErrorResume(replies::failure);
    }

    /** The object key, which must be one this box was handed: {@code incoming/<device_id>/<uuid>}. */
    private static String ownKey(String deviceId, Form form) {
        String key = form.requiredText("object_key", 200);
        Matcher m = INCOMING_KEY.matcher(key);
        if (!m.matches() || !m.group(1).equals(deviceId)) {
            throw Form.invalid("object_key", "This upload does not belong to this box.");
        }
        return key;
    }

    private static String uploadName(String objectKey) {
        return objectKey.substring(objectKey.lastIndexOf('/') + 1);
    }

    /** A media refusal with an honest status: the file's fault is 4xx, the store's 503. */
    private static void refuseIfError(String errorType, String message) {
        if (errorType == null) {
            return;
        }
        throw switch (errorType) {
            case UploadResult.TOO_LARGE -> new Refusal(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", message);
            case UploadResult.UNSUPPORTED_MEDIA ->
                new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message);
            case UploadResult.NOT_FOUND -> new Refusal(HttpStatus.NOT_FOUND, "not_found", message);
            case UploadResult.CHECKSUM_MISMATCH ->
                new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "checksum_mismatch", message);
            case UploadResult.BAD_REQUEST -> new Refusal(HttpStatus.BAD_REQUEST, "bad_request", message);
            default -> new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", message);
        };
    }

    private static Track track(CloudTrack t) {
        return new Track(
                t.id(),
                t.playlistId(),
                t.trackNumber(),
                t.title(),
                null,
                null,
                t.durationMs(),
                t.artist(),
                t.album(),
                t.fileSize(),
                null,
                null);
    }

    private static void putIfPresent(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
