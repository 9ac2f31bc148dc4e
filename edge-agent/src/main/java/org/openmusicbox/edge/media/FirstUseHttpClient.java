package org.openmusicbox.edge.media;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The media HTTP client, built when the first file moves rather than when the cloud link is set up. Building a
 * {@link HttpClient} starts its selector thread and loads the JVM's default TLS context, with its whole trust store
 * (about 150 certificates, kept for the life of the process): some 4 MiB of a box that may go days without a
 * download or an upload (docs/memory.md). The settings' getters build it too; nothing in the box asks them.
 */
final class FirstUseHttpClient extends HttpClient {

    private final Supplier<HttpClient> make;
    private volatile HttpClient made;

    FirstUseHttpClient(Supplier<HttpClient> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    /** Whether the real client has been built: for tests. */
    boolean built() {
        return made != null;
    }

    private HttpClient client() {
        HttpClient c = made;
        if (c == null) {
            // Downloads and uploads run on several threads; the process must hold one selector thread.
            synchronized (this) {
                c = made;
                if (c == null) {
                    c = Objects.requireNonNull(make.get(), "the HTTP client factory returned null");
                    made = c;
                }
            }
        }
        return c;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client().send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return client().sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
        return client().sendAsync(request, handler, push);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client().cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client().connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client().followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client().proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client().sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client().sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client().authenticator();
    }

    @Override
    public Version version() {
        return client().version();
    }

    @Override
    public Optional<Executor> executor() {
        return client().executor();
    }
}
