package org.openmusicbox.cloud.media;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** A {@link MediaStore} whose downloads start only once {@code gate} completes; everything else passes through. */
final class DelayedDownloads implements MediaStore {

    private final MediaStore store;
    private final Mono<Void> gate;

    DelayedDownloads(MediaStore store, Mono<Void> gate) {
        this.store = store;
        this.gate = gate;
    }

    @Override
    public Mono<Path> download(String key, Path target) {
        return gate.then(store.download(key, target));
    }

    @Override
    public Mono<Void> put(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        return store.put(key, bytes, contentType, metadata);
    }

    @Override
    public Mono<Void> put(String key, Path file, String contentType, Map<String, String> metadata) {
        return store.put(key, file, contentType, metadata);
    }

    @Override
    public Mono<ObjectInfo> head(String key) {
        return store.head(key);
    }

    @Override
    public Mono<InputStream> open(String key) {
        return store.open(key);
    }

    @Override
    public Mono<Void> delete(String key) {
        return store.delete(key);
    }

    @Override
    public Mono<Void> copy(String fromKey, String toKey) {
        return store.copy(fromKey, toKey);
    }

    @Override
    public Mono<PresignedUrl> presignPut(String key, String contentType, Duration lifetime) {
        return store.presignPut(key, contentType, lifetime);
    }

    @Override
    public Mono<PresignedUrl> presignGet(String key, String downloadName, Duration lifetime) {
        return store.presignGet(key, downloadName, lifetime);
    }

    @Override
    public Mono<String> createMultipartUpload(String key, String contentType) {
        return store.createMultipartUpload(key, contentType);
    }

    @Override
    public Mono<List<PresignedPart>> presignParts(String key, String uploadId, int partCount, Duration lifetime) {
        return store.presignParts(key, uploadId, partCount, lifetime);
    }

    @Override
    public Mono<Void> completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        return store.completeMultipartUpload(key, uploadId, parts);
    }

    @Override
    public Mono<Void> abortMultipartUpload(String key, String uploadId) {
        return store.abortMultipartUpload(key, uploadId);
    }

    @Override
    public Mono<List<StoredPart>> listParts(String key, String uploadId) {
        return store.listParts(key, uploadId);
    }
}
