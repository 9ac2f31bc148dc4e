package org.openmusicbox.cloud.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code media/requests} to {@code media/urls}: one content-addressed file, {@code media/<sha256>.<format>}.
 *
 * <ul>
 *   <li>{@code put}: {@code present} when the key is stored already (a file is uploaded once), else a presigned
 *       PUT URL; a file above {@code maxUploadBytes} is {@code too_large}. The URL signs no content type, so
 *       the box may send any.
 *   <li>{@code stored}: the object is read as a stream and hashed; {@code present} when it hashes to the key's
 *       sha256, else it is deleted (nobody may fetch wrong bytes under a content address) and the answer is
 *       {@code checksum_mismatch}; a missing object is {@code not_found}.
 *   <li>{@code get}: a presigned GET URL when the object exists, else {@code not_found}.
 * </ul>
 *
 * A failing store is {@code internal_error} (asking again later may work); nothing is thrown, so the request is
 * acknowledged and the box decides when to ask again. Every answer carries the request's {@code request_id}.
 */
public final class MediaUrls implements Function<MediaRequest, Mono<MediaAnswer>> {

    private static final Logger LOG = LoggerFactory.getLogger(MediaUrls.class);
    private static final int CHUNK = 64 * 1024;

    private final MediaStore media;
    private final long maxUploadBytes;
    private final Duration lifetime;

    public MediaUrls(MediaStore media, long maxUploadBytes, Duration lifetime) {
        this.media = media;
        this.maxUploadBytes = maxUploadBytes;
        this.lifetime = lifetime;
    }

    @Override
    public Mono<MediaAnswer> apply(MediaRequest request) {
        return Mono.defer(() -> switch (request.action()) {
                    case MediaRequest.PUT -> put(request);
                    case MediaRequest.STORED -> stored(request);
                    default -> get(request);
                })
                .onErrorResume(e -> {
                    LOG.warn(
                            "Media {} of {} for device {} failed",
                            request.action(),
                            request.objectKey(),
                            request.deviceId(),
                            e);
                    return Mono.just(MediaAnswer.error(
                            request.requestId(),
                            request.objectKey(),
                            MediaAnswer.INTERNAL_ERROR,
                            "The media store cannot be reached right now; ask again later."));
                });
    }

    private Mono<MediaAnswer> put(MediaRequest request) {
        String key = request.objectKey();
        if (request.fileSize() > maxUploadBytes) {
            return Mono.just(MediaAnswer.error(
                    request.requestId(),
                    key,
                    MediaAnswer.TOO_LARGE,
                    "The file has " + request.fileSize() + " bytes; the cloud takes at most " + maxUploadBytes + "."));
        }
        return media.head(key)
                .map(info -> MediaAnswer.present(request.requestId(), key))
                .switchIfEmpty(Mono.defer(() -> media.presignPut(key, null, lifetime)
                        .map(p -> MediaAnswer.url(
                                request.requestId(),
                                key,
                                p.url().toString(),
                                p.expiresAt().toString()))));
    }

    private Mono<MediaAnswer> stored(MediaRequest request) {
        String key = request.objectKey();
        return media.open(key)
                .publishOn(Schedulers.boundedElastic())
                .map(MediaUrls::sha256)
                .flatMap(actual -> actual.equals(request.sha256())
                        ? Mono.just(MediaAnswer.present(request.requestId(), key))
                        : media.delete(key)
                                .doOnSuccess(done -> LOG.warn(
                                        "Device {} stored {} whose bytes hash to {}; deleted",
                                        request.deviceId(),
                                        key,
                                        actual))
                                .thenReturn(MediaAnswer.error(
                                        request.requestId(),
                                        key,
                                        MediaAnswer.CHECKSUM_MISMATCH,
                                        "The stored bytes do not hash to " + request.sha256()
                                                + "; the object was deleted, upload the file again.")))
                .onErrorResume(MediaStore.NoSuchObject.class, e -> Mono.just(notFound(request)));
    }

    private Mono<MediaAnswer> get(MediaRequest request) {
        String key = request.objectKey();
        return media.head(key)
                .flatMap(info -> media.presignGet(key, null, lifetime)
                        .map(p -> MediaAnswer.url(
                                request.requestId(),
                                key,
                                p.url().toString(),
                                p.expiresAt().toString())))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound(request)));
    }

    private static MediaAnswer notFound(MediaRequest request) {
        return MediaAnswer.error(
                request.requestId(),
                request.objectKey(),
                MediaAnswer.NOT_FOUND,
                "The media store holds no " + request.objectKey() + ".");
    }

    private static String sha256(InputStream stream) {
        try (InputStream in = stream) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
