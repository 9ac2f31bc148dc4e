package org.openmusicbox.cloud.media;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Objects by key in one bucket, and presigned URLs that let a device move bytes without credentials.
 * User metadata keys are lower case ASCII; values are sent as given (an adapter may encode non-ASCII).
 */
public interface MediaStore {

    Mono<Void> put(String key, byte[] bytes, String contentType, Map<String, String> metadata);

    /** Streams the file; it is never read into memory whole. */
    Mono<Void> put(String key, Path file, String contentType, Map<String, String> metadata);

    /** The object's size, content type and user metadata; empty when there is no such object. */
    Mono<ObjectInfo> head(String key);

    /** Writes the object to {@code target} (replaced if present); errors with {@link NoSuchObject} when missing. */
    Mono<Path> download(String key, Path target);

    /** The object's bytes as a stream the caller must close; errors with {@link NoSuchObject} when missing. */
    Mono<InputStream> open(String key);

    /** Deleting a missing object succeeds. */
    Mono<Void> delete(String key);

    /** Server-side copy, metadata and content type included. */
    Mono<Void> copy(String fromKey, String toKey);

    /** A URL a client PUTs the whole file to, with this content type header. */
    Mono<PresignedUrl> presignPut(String key, String contentType, Duration lifetime);

    /** A URL a client GETs the object from; {@code downloadName} (may be null) sets Content-Disposition. */
    Mono<PresignedUrl> presignGet(String key, String downloadName, Duration lifetime);

    /** Starts a multipart upload and returns its upload id. */
    Mono<String> createMultipartUpload(String key, String contentType);

    /** One presigned PUT URL per part, part numbers 1..partCount. */
    Mono<List<PresignedPart>> presignParts(String key, String uploadId, int partCount, Duration lifetime);

    Mono<Void> completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts);

    Mono<Void> abortMultipartUpload(String key, String uploadId);

    /**
     * The parts of an unfinished multipart upload the store holds, by part number, so a client can resume and
     * send only the others; errors with {@link NoSuchObject} when the upload is unknown or finished.
     */
    Mono<List<StoredPart>> listParts(String key, String uploadId);

    record ObjectInfo(String key, long size, String contentType, Map<String, String> metadata) {}

    record PresignedUrl(URI url, Instant expiresAt) {}

    record PresignedPart(int partNumber, URI url, Instant expiresAt) {}

    /** A part as the client uploaded it: its number and the ETag header the PUT answered with. */
    record CompletedPart(int partNumber, String etag) {}

    /** A part the store holds: its number, ETag and size in bytes. */
    record StoredPart(int partNumber, String etag, long size) {}

    /** The key names no object (or no multipart upload, for the multipart calls). */
    final class NoSuchObject extends RuntimeException {
        public NoSuchObject(String key) {
            super("no object under " + key);
        }
    }
}
