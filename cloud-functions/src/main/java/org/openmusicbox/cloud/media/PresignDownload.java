package org.openmusicbox.cloud.media;

import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A short-lived GET URL for a stored track file. Only content-addressed keys ({@code media/<sha256>.<ext>})
 * are served, and only when the object exists; the download is named after the file's original name.
 */
public final class PresignDownload implements Function<DownloadUrlRequest, Mono<DownloadUrl>> {

    private static final Logger LOG = LoggerFactory.getLogger(PresignDownload.class);

    private final MediaStore media;
    private final Duration lifetime;

    public PresignDownload(MediaStore media, Duration lifetime) {
        this.media = media;
        this.lifetime = lifetime;
    }

    @Override
    public Mono<DownloadUrl> apply(DownloadUrlRequest request) {
        return Mono.defer(() -> presign(request))
                .onErrorResume(MediaRejected.class, e -> Mono.just(DownloadUrl.refused(e)))
                .onErrorResume(e -> {
                    LOG.warn("Presigning {} for device {} failed", request.objectKey(), request.deviceId(), e);
                    return Mono.just(DownloadUrl.refused(new MediaRejected(
                            MediaRejected.INTERNAL_ERROR,
                            "Downloads are not possible right now. Please try again in a few minutes.")));
                });
    }

    private Mono<DownloadUrl> presign(DownloadUrlRequest request) {
        UploadNames.checkDevice(request.deviceId());
        UploadNames.checkMediaKey(request.objectKey());
        return media.head(request.objectKey())
                .switchIfEmpty(Mono.error(
                        () -> new MediaRejected(MediaRejected.NOT_FOUND, "This song's file is no longer stored.")))
                .flatMap(info -> media.presignGet(info.key(), info.metadata().get("original-filename"), lifetime)
                        .map(p -> new DownloadUrl(
                                info.key(),
                                p.url().toString(),
                                info.size(),
                                p.expiresAt().toString(),
                                null,
                                null)));
    }
}
