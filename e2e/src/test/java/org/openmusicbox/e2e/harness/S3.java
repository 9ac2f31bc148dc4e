package org.openmusicbox.e2e.harness;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server in the test JVM: s3proxy on a free loopback port over an in-memory blob store, AWS signatures
 * checked. The cloud app gets its endpoint and keys, as it would get a self-hosted S3-compatible store's.
 */
public final class S3 implements AutoCloseable {

    public static final String ACCESS_KEY = "omb-e2e-access";
    public static final String SECRET_KEY = "omb-e2e-secret";
    public static final String REGION = "us-east-1";
    public static final String BUCKET = "omb-media";

    private final S3Proxy proxy;

    private S3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static S3 start() {
        try {
            TransientNio2BlobStore store = new TransientNio2BlobStore();
            // The deployment's bucket exists before the cloud runs (terraform); so does the test's.
            store.createContainer(software.amazon.awssdk.services.s3.model.CreateBucketRequest.builder()
                    .bucket(BUCKET)
                    .build());
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .ignoreUnknownHeaders(true)
                    // A page away from home PUTs its files straight here, from the relay's origin; the deployment's
                    // bucket has the same rule (docs/relay.md). The ETag names each uploaded part.
                    .corsRules(new org.gaul.s3proxy.CrossOriginResourceSharing(
                            java.util.List.of("*"),
                            java.util.List.of("GET", "PUT", "HEAD"),
                            java.util.List.of("*"),
                            java.util.List.of("ETag"),
                            "false"))
                    .build();
            proxy.start();
            S3 s3 = new S3(proxy);
            Poll.until("s3proxy to start", java.time.Duration.ofSeconds(10), () -> "STARTED".equals(proxy.getState()));
            return s3;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
