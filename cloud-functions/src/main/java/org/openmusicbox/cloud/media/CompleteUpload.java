package org.openmusicbox.cloud.media;

import java.util.Comparator;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Joins the parts of a multipart upload {@link PresignUpload} started, so the device needs no credentials
 * for that step either. Idempotent: when the upload is already complete (the object exists and the upload
 * id is gone) it answers with the object again.
 */
public final class CompleteUpload implements Function<CompleteUploadRequest, Mono<CompletedUpload>> {

    private static final Logger LOG = LoggerFactory.getLogger(CompleteUpload.class);

    private final MediaStore media;

    public CompleteUpload(MediaStore media) {
        this.media = media;
    }

    @Override
    public Mono<CompletedUpload> apply(CompleteUploadRequest request) {
        return Mono.defer(() -> complete(request))
                .onErrorResume(MediaRejected.class, e -> Mono.just(CompletedUpload.refused(e)))
                .onErrorResume(e -> {
                    LOG.warn("Completing upload {} of device {} failed", request.objectKey(), request.deviceId(), e);
                    return Mono.just(CompletedUpload.refused(new MediaRejected(
                            MediaRejected.INTERNAL_ERROR,
                            "The upload could not be finished right now. Please try again in a few minutes.")));
                });
    }

    private Mono<CompletedUpload> complete(CompleteUploadRequest request) {
        UploadNames.checkDevice(request.deviceId());
        UploadNames.checkIncomingKey(request.deviceId(), request.objectKey());
        if (request.uploadId() == null
                || request.uploadId().isBlank()
                || request.parts() == null
                || request.parts().isEmpty()) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "The upload has no parts.");
        }
        var parts = request.parts().stream()
                .map(p -> new MediaStore.CompletedPart(p.partNumber(), p.etag()))
                .sorted(Comparator.comparingInt(MediaStore.CompletedPart::partNumber))
                .toList();
        return media.completeMultipartUpload(request.objectKey(), request.uploadId(), parts)
                .onErrorResume(MediaStore.NoSuchObject.class, e -> Mono.empty())
                .then(media.head(request.objectKey()))
                .map(info -> new CompletedUpload(info.key(), info.size(), null, null))
                .switchIfEmpty(Mono.error(() -> new MediaRejected(
                        MediaRejected.NOT_FOUND, "The upload was not found. Please send the file again.")));
    }
}
