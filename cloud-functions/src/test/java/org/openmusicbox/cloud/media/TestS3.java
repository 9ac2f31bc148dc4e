package org.openmusicbox.cloud.media;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A real S3 server in this JVM: s3proxy on a free loopback port over an in-memory blob store, with
 * AWS V4 signatures checked. {@link #newStore()} gives an {@link S3MediaStore} on a fresh bucket,
 * built as the app builds it (endpoint set, so path-style, static credentials).
 */
public final class TestS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "omb-test-access";
    public static final String SECRET_KEY = "omb-test-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3MediaStore clients;
    private final S3AsyncClient listing;

    private TestS3(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.clients = S3MediaStore.create("unused", REGION, endpoint.toString(), ACCESS_KEY, SECRET_KEY);
        this.listing = S3AsyncClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public static TestS3 start() {
        return start(new TransientNio2BlobStore());
    }

    /** s3proxy keeping its objects as files under {@code dir} (for data sets larger than the heap). */
    public static TestS3 startOnDisk(Path dir) {
        return start(new FilesystemNio2BlobStore(dir.toString()));
    }

    private static TestS3 start(org.gaul.s3proxy.blobstore.BlobStore blobStore) {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(5);
            }
            return new TestS3(proxy);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * A store on a new, empty bucket. All stores share one set of clients (starting and stopping a Netty
     * client costs about 2 s), closed by {@link #close()}; closing a store does nothing.
     */
    public S3MediaStore newStore() {
        S3MediaStore store =
                clients.withBucket("omb-" + UUID.randomUUID().toString().substring(0, 8));
        store.ensureBucket().block();
        return store;
    }

    /** Every key in the store's bucket under {@code prefix}, straight from the server. */
    public List<String> keys(S3MediaStore store, String prefix) {
        List<String> keys = new CopyOnWriteArrayList<>();
        listing.listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(prefix))
                .contents()
                .subscribe(o -> keys.add(o.key()))
                .join();
        return List.copyOf(keys);
    }

    @Override
    public void close() {
        clients.close();
        listing.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }
}
