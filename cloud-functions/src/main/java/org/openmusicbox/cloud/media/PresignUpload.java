package org.openmusicbox.cloud.media;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hands a device short-lived URLs to put one file into {@code incoming/<device_id>/<uuid>}: one PUT up to
 * {@code multipartThreshold} bytes, a multipart upload above. Refuses sizes above
 * {@code omb.media.max-upload-bytes} and file names with directories or other tricks. The file name is not
 * part of the key; {@link ProcessUpload} gets it from {@code UploadReady}.
 */
public final class PresignUpload implements Function<UploadUrlRequest, Mono<UploadUrls>> {

    /** S3 allows at most 10,000 parts, each at least 5 MiB except the last. */
    private static final int MAX_PARTS = 10_000;

    private static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    public static final long DEFAULT_PART_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PresignUpload.class);

    private final MediaStore media;
    private final long maxUploadBytes;
    private final Duration lifetime;
    private final long multipartThreshold;
    private final long partBytes;

    public PresignUpload(
            MediaStore media, long maxUploadBytes, Duration lifetime, long multipartThreshold, long partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("part size must be at least 5 MiB, was " + partBytes);
        }
        this.media = media;
        this.maxUploadBytes = maxUploadBytes;
        this.lifetime = lifetime;
        this.multipartThreshold = multipartThreshold;
        this.partBytes = partBytes;
    }

    /** Multipart above 64 MiB, in parts of 16 MiB. */
    public PresignUpload(MediaStore media, long maxUploadBytes, Duration lifetime) {
        this(media, maxUploadBytes, lifetime, 64L * 1024 * 1024, DEFAULT_PART_BYTES);
    }

    @Override
    public Mono<UploadUrls> apply(UploadUrlRequest request) {
        return Mono.defer(() -> presign(request))
                .onErrorResume(MediaRejected.class, e -> Mono.just(UploadUrls.refused(e)))
                .onErrorResume(e -> {
                    LOG.warn("Presigning an upload for device {} failed", request.deviceId(), e);
                    return Mono.just(UploadUrls.refused(new MediaRejected(
                            MediaRejected.INTERNAL_ERROR,
                            "Uploads are not possible right now. Please try again in a few minutes.")));
                });
    }

    private Mono<UploadUrls> presign(UploadUrlRequest request) {
        UploadNames.checkDevice(request.deviceId());
        UploadNames.checkFilename(request.filename());
        if (request.fileSize() <= 0) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "The file is empty.");
        }
        if (request.fileSize() > maxUploadBytes) {
            throw new MediaRejected(
                    MediaRejected.TOO_LARGE,
                    "This file is too big. Songs can be at most " + (maxUploadBytes / 1_000_000) + " MB.");
        }
        String contentType = UploadNames.contentTypeOrDefault(request.contentType());
        String key = ProcessUpload.incomingPrefix(request.deviceId()) + UUID.randomUUID();
        if (request.fileSize() <= multipartThreshold) {
            return media.presignPut(key, contentType, lifetime)
                    .map(p -> new UploadUrls(
                            key,
                            contentType,
                            p.url().toString(),
                            null,
                            null,
                            null,
                            p.expiresAt().toString(),
                            null,
                            null));
        }
        long size = partSize(request.fileSize());
        int count = (int) ceilDiv(request.fileSize(), size);
        return media.createMultipartUpload(key, contentType)
                .flatMap(uploadId -> media.presignParts(key, uploadId, count, lifetime)
                        .map(parts -> new UploadUrls(
                                key,
                                contentType,
                                null,
                                uploadId,
                                size,
                                parts.stream()
                                        .map(p -> new UploadUrls.Part(
                                                p.partNumber(), p.url().toString()))
                                        .toList(),
                                parts.get(0).expiresAt().toString(),
                                null,
                                null)));
    }

    /** The size of each part (the last one the rest) of a multipart upload of {@code fileSize} bytes. */
    public long partSize(long fileSize) {
        return Math.max(partBytes, ceilDiv(fileSize, MAX_PARTS));
    }

    /** Whether a file of {@code fileSize} bytes goes up in parts. */
    public boolean inParts(long fileSize) {
        return fileSize > multipartThreshold;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
