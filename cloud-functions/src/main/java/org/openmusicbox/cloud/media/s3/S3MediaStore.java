package org.openmusicbox.cloud.media.s3;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.openmusicbox.cloud.media.MediaStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.FileTransformerConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link MediaStore} on S3 or an S3-compatible store, through the AWS SDK v2 async client (Netty):
 * nothing here blocks a caller's thread, and files go to and from the network in chunks.
 */
public final class S3MediaStore implements MediaStore, AutoCloseable {

    private static final String UTF8_WORD_PREFIX = "=?UTF-8?B?";
    private static final String UTF8_WORD_SUFFIX = "?=";

    private final S3AsyncClient client;
    private final S3Presigner presigner;
    private final String bucket;
    private final boolean ownsClients;

    /** A store over clients the caller owns: {@link #close()} leaves them open. */
    public S3MediaStore(S3AsyncClient client, S3Presigner presigner, String bucket) {
        this(client, presigner, bucket, false);
    }

    private S3MediaStore(S3AsyncClient client, S3Presigner presigner, String bucket, boolean ownsClients) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.ownsClients = ownsClients;
    }

    /**
     * Builds the clients from the {@code omb.s3.*} values. With an {@code endpoint} (an S3-compatible
     * store) requests use path-style addressing and send checksums only where S3 requires them.
     * Blank keys mean the SDK's default credentials chain. The store owns these clients and
     * {@link #close()} closes them.
     */
    public static S3MediaStore create(
            String bucket, String region, String endpoint, String accessKey, String secretKey) {
        Region awsRegion = Region.of(region);
        AwsCredentialsProvider credentials = isBlank(accessKey)
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        software.amazon.awssdk.services.s3.S3AsyncClientBuilder clientBuilder =
                S3AsyncClient.builder().region(awsRegion).credentialsProvider(credentials);
        S3Presigner.Builder presignerBuilder =
                S3Presigner.builder().region(awsRegion).credentialsProvider(credentials);
        if (!isBlank(endpoint)) {
            URI uri = URI.create(endpoint);
            clientBuilder
                    .endpointOverride(uri)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            presignerBuilder
                    .endpointOverride(uri)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        return new S3MediaStore(clientBuilder.build(), presignerBuilder.build(), bucket, true);
    }

    /** The same clients on another bucket; the new store does not own them. */
    public S3MediaStore withBucket(String otherBucket) {
        return new S3MediaStore(client, presigner, otherBucket, false);
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket when it does not exist (self-hosted stores and tests). */
    public Mono<Void> ensureBucket() {
        return call(() -> client.headBucket(b -> b.bucket(bucket)))
                .then()
                .onErrorResume(
                        e -> isNotFound(e),
                        e -> call(() -> client.createBucket(b -> b.bucket(bucket)))
                                .then());
    }

    @Override
    public Mono<Void> put(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        return call(() -> client.putObject(
                        b -> b.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .contentLength((long) bytes.length)
                                .metadata(encode(metadata)),
                        AsyncRequestBody.fromBytes(bytes)))
                .then();
    }

    @Override
    public Mono<Void> put(String key, Path file, String contentType, Map<String, String> metadata) {
        return call(() -> client.putObject(
                        b -> b.bucket(bucket).key(key).contentType(contentType).metadata(encode(metadata)),
                        AsyncRequestBody.fromFile(file)))
                .then();
    }

    @Override
    public Mono<ObjectInfo> head(String key) {
        return call(() -> client.headObject(b -> b.bucket(bucket).key(key)))
                .map(r -> info(key, r))
                .onErrorResume(S3MediaStore::isNotFound, e -> Mono.empty());
    }

    @Override
    public Mono<Path> download(String key, Path target) {
        return call(() -> client.getObject(
                        b -> b.bucket(bucket).key(key),
                        AsyncResponseTransformer.toFile(
                                target, FileTransformerConfiguration.defaultCreateOrReplaceExisting())))
                .thenReturn(target)
                .onErrorMap(S3MediaStore::isNotFound, e -> new NoSuchObject(key));
    }

    @Override
    public Mono<InputStream> open(String key) {
        return call(() -> client.getObject(
                        b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBlockingInputStream()))
                .<InputStream>map(s -> s)
                .onErrorMap(S3MediaStore::isNotFound, e -> new NoSuchObject(key));
    }

    @Override
    public Mono<Void> delete(String key) {
        return call(() -> client.deleteObject(b -> b.bucket(bucket).key(key)))
                .then()
                .onErrorResume(S3MediaStore::isNotFound, e -> Mono.empty());
    }

    @Override
    public Mono<Void> copy(String fromKey, String toKey) {
        return call(() -> client.copyObject(b -> b.sourceBucket(bucket)
                        .sourceKey(fromKey)
                        .destinationBucket(bucket)
                        .destinationKey(toKey)))
                .then()
                .onErrorMap(S3MediaStore::isNotFound, e -> new NoSuchObject(fromKey));
    }

    @Override
    public Mono<PresignedUrl> presignPut(String key, String contentType, Duration lifetime) {
        return Mono.fromCallable(() -> {
            var presigned = presigner.presignPutObject(p -> p.signatureDuration(lifetime)
                    .putObjectRequest(o -> o.bucket(bucket).key(key).contentType(contentType)));
            return new PresignedUrl(presigned.url().toURI(), presigned.expiration());
        });
    }

    @Override
    public Mono<PresignedUrl> presignGet(String key, String downloadName, Duration lifetime) {
        return Mono.fromCallable(() -> {
            var presigned = presigner.presignGetObject(p -> p.signatureDuration(lifetime)
                    .getObjectRequest(o -> {
                        o.bucket(bucket).key(key);
                        if (downloadName != null) {
                            o.responseContentDisposition(contentDisposition(downloadName));
                        }
                    }));
            return new PresignedUrl(presigned.url().toURI(), presigned.expiration());
        });
    }

    @Override
    public Mono<String> createMultipartUpload(String key, String contentType) {
        return call(() -> client.createMultipartUpload(
                        b -> b.bucket(bucket).key(key).contentType(contentType)))
                .map(r -> r.uploadId());
    }

    @Override
    public Mono<List<PresignedPart>> presignParts(String key, String uploadId, int partCount, Duration lifetime) {
        return Mono.fromCallable(() -> {
            List<PresignedPart> parts = new ArrayList<>(partCount);
            for (int n = 1; n <= partCount; n++) {
                int partNumber = n;
                var presigned = presigner.presignUploadPart(p -> p.signatureDuration(lifetime)
                        .uploadPartRequest(o ->
                                o.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)));
                parts.add(new PresignedPart(partNumber, presigned.url().toURI(), presigned.expiration()));
            }
            return List.copyOf(parts);
        });
    }

    @Override
    public Mono<Void> completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        CompletedMultipartUpload upload = CompletedMultipartUpload.builder()
                .parts(parts.stream()
                        .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                                .partNumber(p.partNumber())
                                .eTag(p.etag())
                                .build())
                        .toList())
                .build();
        return call(() -> client.completeMultipartUpload(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload)))
                .then()
                .onErrorMap(S3MediaStore::isNotFound, e -> new NoSuchObject(key));
    }

    @Override
    public Mono<Void> abortMultipartUpload(String key, String uploadId) {
        return call(() -> client.abortMultipartUpload(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId)))
                .then()
                .onErrorResume(S3MediaStore::isNotFound, e -> Mono.empty());
    }

    @Override
    public Mono<List<StoredPart>> listParts(String key, String uploadId) {
        return Flux.from(
                        client.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId))
                                .parts())
                .map(p -> new StoredPart(p.partNumber(), p.eTag(), p.size() == null ? 0 : p.size()))
                .collectList()
                .onErrorMap(S3MediaStore::isNotFound, e -> new NoSuchObject(key));
    }

    @Override
    public void close() {
        if (ownsClients) {
            client.close();
            presigner.close();
        }
    }

    private static <T> Mono<T> call(Supplier<CompletableFuture<T>> request) {
        return Mono.fromFuture(request);
    }

    private static ObjectInfo info(String key, HeadObjectResponse r) {
        Map<String, String> metadata = new LinkedHashMap<>();
        r.metadata().forEach((k, v) -> metadata.put(k, decode(v)));
        return new ObjectInfo(
                key, r.contentLength() == null ? 0 : r.contentLength(), r.contentType(), Map.copyOf(metadata));
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof NoSuchKeyException
                || e instanceof NoSuchUploadException
                || e instanceof NoSuchBucketException
                || (e instanceof S3Exception s3 && s3.statusCode() == 404);
    }

    /** Header values must be printable ASCII: anything else goes as an RFC 2047 word, as S3 itself answers. */
    static Map<String, String> encode(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (v != null) {
                out.put(
                        k,
                        isPrintableAscii(v)
                                ? v
                                : UTF8_WORD_PREFIX
                                        + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))
                                        + UTF8_WORD_SUFFIX);
            }
        });
        return out;
    }

    static String decode(String value) {
        if (value != null && value.startsWith(UTF8_WORD_PREFIX) && value.endsWith(UTF8_WORD_SUFFIX)) {
            String b64 = value.substring(UTF8_WORD_PREFIX.length(), value.length() - UTF8_WORD_SUFFIX.length());
            try {
                return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return value;
            }
        }
        return value;
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return !s.startsWith(UTF8_WORD_PREFIX);
    }

    private static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^A-Za-z0-9._ -]", "_");
        String utf8 = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
