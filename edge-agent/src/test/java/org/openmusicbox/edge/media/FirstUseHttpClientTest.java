package org.openmusicbox.edge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback ({@link MediaServer}), with real JDK clients behind the wrapper. */
class FirstUseHttpClientTest {

    private static final byte[] BODY = "a track's bytes".getBytes(StandardCharsets.UTF_8);

    private MediaServer server;
    private URI file;
    private final AtomicInteger built = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        server = new MediaServer();
        file = server.put("/media/a.mp3", BODY);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpClient make() {
        built.incrementAndGet();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void nothingIsBuiltUntilTheFirstRequest() throws Exception {
        FirstUseHttpClient http = new FirstUseHttpClient(this::make);
        assertFalse(http.built());
        assertEquals(0, built.get());

        HttpResponse<byte[]> got =
                http.send(HttpRequest.newBuilder(file).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, got.statusCode());
        assertArrayEquals(BODY, got.body());
        assertTrue(http.built());
        assertEquals(1, built.get());
    }

    @Test
    void laterRequestsOfEveryKindUseTheSameClient() throws Exception {
        FirstUseHttpClient http = new FirstUseHttpClient(this::make);
        HttpRequest request = HttpRequest.newBuilder(file).build();

        http.send(request, HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> async =
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).get(10, TimeUnit.SECONDS);
        HttpResponse<Void> pushed = http.sendAsync(request, HttpResponse.BodyHandlers.discarding(), null)
                .get(10, TimeUnit.SECONDS);

        assertEquals(200, async.statusCode());
        assertEquals(200, pushed.statusCode());
        assertEquals(1, built.get());
        assertEquals(3, server.requests().size());
    }

    @Test
    void requestsStartedAtTheSameMomentBuildOneClient() throws Exception {
        FirstUseHttpClient http = new FirstUseHttpClient(this::make);
        HttpRequest request = HttpRequest.newBuilder(file).build();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        for (CompletableFuture<Integer> f : sent) {
            assertEquals(200, f.get(20, TimeUnit.SECONDS));
        }
        assertEquals(1, built.get());
    }

    @Test
    void theMediaClientKeepsItsSettings() throws Exception {
        HttpClient http = MediaCache.httpClient(null);

        assertTrue(http instanceof FirstUseHttpClient);
        assertFalse(((FirstUseHttpClient) http).built());
        assertEquals(HttpClient.Version.HTTP_1_1, http.version());
        assertEquals(HttpClient.Redirect.NORMAL, http.followRedirects());
        assertEquals(Duration.ofSeconds(10), http.connectTimeout().orElseThrow());
        assertTrue(http.proxy().isEmpty());
        assertTrue(http.cookieHandler().isEmpty());
        assertTrue(http.authenticator().isEmpty());
        assertTrue(http.executor().isEmpty());
        assertSame(SSLContext.getDefault(), http.sslContext());
        assertTrue(http.sslParameters().getProtocols().length > 0);
    }

    @Test
    void aClientThatCannotBeBuiltFailsTheRequestAndIsTriedAgainNextTime() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        FirstUseHttpClient http = new FirstUseHttpClient(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no TLS provider");
            }
            return make();
        });
        HttpRequest request = HttpRequest.newBuilder(file).build();

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> http.send(request, HttpResponse.BodyHandlers.discarding()));
        assertEquals("no TLS provider", e.getMessage());
        assertFalse(http.built());
        assertTrue(server.requests().isEmpty());

        assertEquals(
                200, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(2, attempts.get());
    }

    @Test
    void aFactoryThatGivesNothingIsRefused() {
        assertThrows(NullPointerException.class, () -> new FirstUseHttpClient(null));
        FirstUseHttpClient http = new FirstUseHttpClient(() -> null);

        NullPointerException e = assertThrows(
                NullPointerException.class,
                () -> http.send(HttpRequest.newBuilder(file).build(), HttpResponse.BodyHandlers.discarding()));
        assertEquals("the HTTP client factory returned null", e.getMessage());
        assertFalse(http.built());
    }
}
