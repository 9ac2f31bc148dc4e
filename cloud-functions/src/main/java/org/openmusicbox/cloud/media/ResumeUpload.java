package org.openmusicbox.cloud.media;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Picks up a multipart upload {@link PresignUpload} started, after a lost connection or a reload of the page:
 * lists the parts the store already holds and presigns the others again (the first URLs may have expired), so
 * the client sends only what is missing. A stored part whose size is not the one expected is sent again. Changes
 * nothing in the store.
 */
public final class ResumeUpload implements Function<ResumeUploadRequest, Mono<ResumedUpload>> {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeUpload.class);

    private final MediaStore media;
    private final PresignUpload sizes;
    private final Duration lifetime;

    /** @param sizes the presigner that started the uploads: it says how big each part is */
    public ResumeUpload(MediaStore media, PresignUpload sizes, Duration lifetime) {
        this.media = media;
        this.sizes = sizes;
        this.lifetime = lifetime;
    }

    @Override
    public Mono<ResumedUpload> apply(ResumeUploadRequest request) {
        return Mono.defer(() -> resume(request))
                .onErrorResume(MediaRejected.class, e -> Mono.just(ResumedUpload.refused(e)))
                .onErrorResume(e -> {
                    LOG.warn("Resuming upload {} of device {} failed", request.objectKey(), request.deviceId(), e);
                    return Mono.just(ResumedUpload.refused(new MediaRejected(
                            MediaRejected.INTERNAL_ERROR,
                            "The upload cannot go on right now. Please try again in a few minutes.")));
                });
    }

    private Mono<ResumedUpload> resume(ResumeUploadRequest request) {
        UploadNames.checkDevice(request.deviceId());
        UploadNames.checkIncomingKey(request.deviceId(), request.objectKey());
        if (request.uploadId() == null || request.uploadId().isBlank()) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "The upload has no id.");
        }
        if (!sizes.inParts(request.fileSize())) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "This file is not sent in parts.");
        }
        long partSize = sizes.partSize(request.fileSize());
        int count = (int) PresignUpload.ceilDiv(request.fileSize(), partSize);
        return media.listParts(request.objectKey(), request.uploadId())
                .onErrorMap(
                        MediaStore.NoSuchObject.class,
                        e -> new MediaRejected(
                                MediaRejected.NOT_FOUND, "The upload was not found. Please send the file again."))
                .flatMap(listed -> {
                    var stored = listed.stream()
                            .filter(p -> p.partNumber() >= 1 && p.partNumber() <= count)
                            .filter(p -> p.size() == expectedSize(p.partNumber(), count, partSize, request.fileSize()))
                            .toList();
                    Set<Integer> held = stored.stream()
                            .map(MediaStore.StoredPart::partNumber)
                            .collect(Collectors.toSet());
                    return media.presignParts(request.objectKey(), request.uploadId(), count, lifetime)
                            .map(all -> new ResumedUpload(
                                    request.objectKey(),
                                    request.uploadId(),
                                    partSize,
                                    stored,
                                    all.stream()
                                            .filter(p -> !held.contains(p.partNumber()))
                                            .map(p -> new UploadUrls.Part(
                                                    p.partNumber(), p.url().toString()))
                                            .toList(),
                                    all.get(0).expiresAt().toString(),
                                    null,
                                    null));
                });
    }

    private static long expectedSize(int partNumber, int count, long partSize, long fileSize) {
        return partNumber < count ? partSize : fileSize - partSize * (count - 1);
    }
}
