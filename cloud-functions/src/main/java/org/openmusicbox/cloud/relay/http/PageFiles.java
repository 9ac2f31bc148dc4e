package org.openmusicbox.cloud.relay.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The parents' page as packaged in the web-ui jar ({@code omb-web/}), under every box's prefix. Never a folder from
 * the configuration: every box shares the relay's origin, so a page from anywhere else could read every box's
 * stored credential. Files are read once and kept; the answers carry the box's own security headers.
 */
final class PageFiles {

    private static final String PACKAGED = "omb-web/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    /** A host as a browser sends it: a name or IPv4 address and a port; anything else stays out of the policy. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain;charset=utf-8"));

    private record Page(byte[] bytes, String type, String etag) {}

    private final Map<String, Page> cache = new ConcurrentHashMap<>();
    private final Replies replies;
    private final String mediaOrigin;

    PageFiles(Replies replies) {
        this(replies, null);
    }

    /**
     * @param mediaOrigin where a phone away uploads its files to (the S3 endpoint's origin, whose presigned URLs the
     *     page PUTs to), allowed by the page's connect-src; null for none
     */
    PageFiles(Replies replies, String mediaOrigin) {
        if (mediaOrigin != null && !ORIGIN.matcher(mediaOrigin).matches()) {
            throw new IllegalArgumentException("the media origin must be scheme://host[:port], was " + mediaOrigin);
        }
        this.mediaOrigin = mediaOrigin;
        this.replies = replies;
    }

    /**
     * The box's policy, with the socket's origin named: the page opens its WebSocket on this relay's own origin,
     * which older Safari does not count as {@code 'self'} for {@code ws:}/{@code wss:}.
     */
    static String policy(String host) {
        return policy(host, null);
    }

    static String policy(String host, String mediaOrigin) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        String media = mediaOrigin == null ? "" : " " + mediaOrigin;
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; connect-src 'self'" + sockets + media + "; frame-ancestors 'none'; "
                + "base-uri 'none'; form-action 'self'";
    }

    Mono<ServerResponse> serve(ServerRequest request, BoxPath box) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            return replies.error(HttpStatus.METHOD_NOT_ALLOWED, ApiError.METHOD_NOT_ALLOWED, "The page is read only");
        }
        String name = box.rest().equals("/") ? "index.html" : box.rest().substring(1);
        if (!NAME.matcher(name).matches() || type(name) == null) {
            return notFound(box);
        }
        return Mono.fromCallable(() -> find(name))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> found.map(page -> reply(request, page)).orElseGet(() -> notFound(box)));
    }

    private Mono<ServerResponse> reply(ServerRequest request, Page page) {
        boolean unchanged = request.headers().header(HttpHeaders.IF_NONE_MATCH).contains(page.etag());
        ServerResponse.BodyBuilder response = (unchanged
                        ? ServerResponse.status(HttpStatus.NOT_MODIFIED)
                        : ServerResponse.ok())
                .contentType(MediaType.parseMediaType(page.type()))
                .header(HttpHeaders.ETAG, page.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
        if (page.type().startsWith("text/html")) {
            response.header(
                    "Content-Security-Policy", policy(request.headers().firstHeader(HttpHeaders.HOST), mediaOrigin));
        }
        if (unchanged || request.method() == HttpMethod.HEAD) {
            return response.contentLength(unchanged ? 0 : page.bytes().length).build();
        }
        return response.bodyValue(page.bytes());
    }

    private Mono<ServerResponse> notFound(BoxPath box) {
        return replies.error(HttpStatus.NOT_FOUND, ApiError.NOT_FOUND, "No such page: " + box.rest());
    }

    /** Only files that exist are kept, so made-up names take no memory. */
    private Optional<Page> find(String name) {
        Page known = cache.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try (InputStream in = PageFiles.class.getClassLoader().getResourceAsStream(PACKAGED + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            Page page = new Page(bytes, type(name), etag(bytes));
            cache.putIfAbsent(name, page);
            return Optional.of(page);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read page file " + name, e);
        }
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
