package org.openmusicbox.cloud.device.iot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * IoT Core's HTTP publish ({@code POST /topics/{topic}?qos=1}, the data plane's Publish action), signed with
 * Signature Version 4 by the AWS SDK's own signer and credentials chain. The MQTT 5 response topic goes in the
 * query, the correlation data base64-encoded in {@code x-amz-mqtt5-correlation-data}, as the API defines them.
 *
 * <p>A broken connection, a throttled call or a server error is tried twice more (a QoS 1 message may arrive twice
 * anyway, and the box de-duplicates); any other refusal fails at once with {@link PublishRefused}.
 */
public final class DataPlane {

    /** The name the AWS SDKs sign data plane calls with (AWS's guides also name {@code iotdevicegateway}). */
    static final String SIGNING_NAME = "iotdata";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int RETRIES = 2;
    /** Set by the JDK client itself; the signature covers Host, which the client sends from the same URI. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final Pattern MESSAGE =
            Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private final URI endpoint;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http;

    public DataPlane(URI endpoint, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * The data plane at {@code endpoint} (a host name, or a URL for a stand-in), signed for {@code region} (null: the
     * SDK's region chain) with the SDK's default credentials (the function's role on Lambda).
     */
    public static DataPlane at(String endpoint, String region) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("omb.iot.endpoint is empty");
        }
        URI uri = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        if (uri.getHost() == null
                || (uri.getPath() != null
                        && !uri.getPath().isEmpty()
                        && !uri.getPath().equals("/"))) {
            throw new IllegalArgumentException(
                    "omb.iot.endpoint must be a host name (or scheme://host:port), was \"" + endpoint + "\"");
        }
        String signingRegion = region != null ? region : sdkRegion();
        return new DataPlane(
                URI.create(uri.getScheme() + "://" + uri.getRawAuthority()),
                signingRegion,
                DefaultCredentialsProvider.builder().build());
    }

    private static String sdkRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException(
                    "omb.iot.region is empty and the AWS SDK finds no region (AWS_REGION, aws.region): set one", e);
        }
    }

    /** Completes once IoT Core accepted the message; {@code responseTopic} and {@code correlationData} may be null. */
    public Mono<Void> publish(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
        return Mono.fromFuture(credentials::resolveIdentity)
                .map(identity -> request(topic, payload, responseTopic, correlationData, identity))
                .flatMap(
                        request -> Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())))
                .flatMap(response -> response.statusCode() / 100 == 2
                        ? Mono.<Void>empty()
                        : Mono.error(new PublishRefused(topic, response.statusCode(), messageOf(response.body()))))
                .retryWhen(Retry.backoff(RETRIES, Duration.ofMillis(100))
                        .filter(DataPlane::worthRetrying)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(
                        IOException.class, e -> new PublishRefused(topic, 0, "no answer from " + endpoint + ": " + e));
    }

    private HttpRequest request(
            String topic,
            byte[] payload,
            String responseTopic,
            byte[] correlationData,
            AwsCredentialsIdentity identity) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/topics/" + SdkHttpUtils.urlEncode(topic))
                .putRawQueryParameter("qos", "1")
                .putHeader("Content-Type", "application/octet-stream");
        if (responseTopic != null) {
            unsigned.putRawQueryParameter("responseTopic", responseTopic);
        }
        if (correlationData != null) {
            unsigned.putHeader(
                    "x-amz-mqtt5-correlation-data", Base64.getEncoder().encodeToString(correlationData));
        }
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request();
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .timeout(CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return request.build();
    }

    private static boolean worthRetrying(Throwable failure) {
        return failure instanceof IOException
                || failure instanceof PublishRefused refused && (refused.status() == 429 || refused.status() >= 500);
    }

    private static String messageOf(String body) {
        Matcher message = MESSAGE.matcher(body == null ? "" : body);
        return message.find() ? message.group(1) : body;
    }

    /** IoT Core did not take the message: its HTTP status (0: no answer at all) and what it said. */
    public static final class PublishRefused extends RuntimeException {

        private final int status;

        PublishRefused(String topic, int status, String reason) {
            super("IoT Core did not take the message on " + topic + (status == 0 ? "" : " (HTTP " + status + ")") + ": "
                    + reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
