package org.openmusicbox.edge.sync.paho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.media.MediaCache;
import org.openmusicbox.protocol.v1.mqtt.BrokerTls;
import org.openmusicbox.protocol.v1.mqtt.PemKey;

/**
 * A self-hosted cloud serves its bucket with a certificate from the same CA as its broker (infra/cloud/stack.sh):
 * the box's media client must trust {@code omb.cloud.ca-file} too, or every upload and download fails there.
 */
class MediaStoreTrustTest {

    @TempDir
    Path tmp;

    private HttpsServer store;
    private MadeCertificates stack;

    @BeforeEach
    void bucket() throws Exception {
        stack = MadeCertificates.ca(tmp.resolve("stack-ca"));
        SSLContext served = BrokerTls.context(
                List.of(),
                PemKey.read(Files.readString(stack.serverKey(), StandardCharsets.ISO_8859_1)),
                BrokerTls.certificates(Files.readString(stack.serverCert(), StandardCharsets.ISO_8859_1)));
        store = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        store.setHttpsConfigurator(new HttpsConfigurator(served));
        store.createContext("/omb-media/song.wav", exchange -> {
            byte[] body = "a song".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        store.start();
    }

    @AfterEach
    void close() {
        store.stop(0);
    }

    @Test
    void theBoxFetchesFromABucketSignedByTheCaOfItsBroker() throws Exception {
        var http = MediaCache.httpClient(
                () -> CloudTls.mediaStore(settings(stack.caCert().toString())));
        HttpResponse<String> answer = http.send(get(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals("a song", answer.body());
    }

    @Test
    void withoutTheCaFileTheSameBucketIsNotTrusted() throws Exception {
        var http = MediaCache.httpClient(() -> CloudTls.mediaStore(settings("")));
        IOException refused =
                assertThrows(IOException.class, () -> http.send(get(), HttpResponse.BodyHandlers.ofString()));
        assertTrue(
                refused instanceof SSLHandshakeException || refused.getCause() instanceof SSLHandshakeException,
                "a TLS refusal: " + refused);
    }

    @Test
    void anotherCaIsNotEnough() throws Exception {
        MadeCertificates stranger = MadeCertificates.ca(tmp.resolve("another-ca"));
        var http = MediaCache.httpClient(
                () -> CloudTls.mediaStore(settings(stranger.caCert().toString())));
        assertThrows(IOException.class, () -> http.send(get(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest get() {
        return HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + store.getAddress().getPort() + "/omb-media/song.wav"))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static CloudSettings settings(String caFile) {
        return ConfigLoader.load(
                        null,
                        Map.of(),
                        Map.of(
                                "omb.cloud.url", "ssl://127.0.0.1:8883",
                                "omb.cloud.device-id", "box-media",
                                "omb.cloud.ca-file", caFile))
                .cloud();
    }
}
