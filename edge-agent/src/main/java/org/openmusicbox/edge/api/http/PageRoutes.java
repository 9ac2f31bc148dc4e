package org.openmusicbox.edge.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the parents' web page (module {@code web-ui}, folder {@code omb-web/} in the jar) at {@code /}.
 * Files are small and few, so each is read once and kept; browsers revalidate with the ETag, so a
 * new box version is seen on the next load without anyone clearing a cache.
 *
 * <p>A folder given by {@code omb.web.dir} may hold another client's build, a single-page app: a
 * path without an extension (a deep link such as {@code /library/123}) is answered with its
 * {@code index.html}, and its pages may get a looser policy ({@code omb.web.csp}). The packaged page
 * has neither: unknown paths stay 404 and its policy stays strict.
 */
public final class PageRoutes {

    private static final String PACKAGED = "omb-web/";
    /** Names only: no "..", no hidden files, nothing that could leave the page's folder. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    /**
     * A path a single-page app routes itself: plain segments without any dot, so it can never name a
     * file, a hidden name or a dot segment; at most one trailing slash.
     */
    private static final Pattern APP_ROUTE = Pattern.compile("(/[A-Za-z0-9_~%-]+)+/?");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain;charset=utf-8"));
    /**
     * The page opens Socket.IO at {@code /socket.io/} on its own origin (ws: or wss: to the host that served
     * it, the box or a relay's prefix). {@code connect-src} still names the schemes and not {@code 'self'}
     * alone: browsers older than CSP Level 3 do not count a WebSocket to the page's own host as
     * {@code 'self'}, and narrowing it is a change of its own, to be tried in the browsers the page supports.
     * Scripts and styles come only from the box itself.
     */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self' ws: wss: http: https:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private record Page(byte[] bytes, String type, String etag) {}

    private final Path folder;
    private final String policy;
    private final Map<String, Page> cache = new ConcurrentHashMap<>();
    private final Replies replies;

    /**
     * @param folder a folder to serve instead of the packaged page (read on every request), or null
     * @param folderPolicy the Content-Security-Policy for the folder's pages; blank for the strict one,
     *     which the packaged page always gets
     */
    public PageRoutes(Path folder, String folderPolicy, Replies replies) {
        this.folder = folder;
        this.policy = folder == null || folderPolicy.isBlank() ? POLICY : folderPolicy.strip();
        this.replies = replies;
    }

    public void addTo(Routes routes) {
        routes.addUnlisted(
                RequestPredicates.method(HttpMethod.GET)
                        .or(RequestPredicates.method(HttpMethod.HEAD))
                        .and(request -> !request.path().startsWith("/api/")
                                && !request.path().equals("/api")),
                Access.OPEN,
                this::serve);
    }

    private Mono<ServerResponse> serve(ServerRequest request) {
        String path = request.path();
        String name = path.equals("/") || isAppRoute(path) ? "index.html" : path.substring(1);
        if (!NAME.matcher(name).matches() || extension(name) == null) {
            return notFound(path);
        }
        return Mono.fromCallable(() -> find(name))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> found.map(page -> reply(request, page)).orElseGet(() -> notFound(path)));
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
            response.header("Content-Security-Policy", policy);
        }
        if (unchanged || request.method() == HttpMethod.HEAD) {
            return response.contentLength(unchanged ? 0 : page.bytes().length).build();
        }
        return response.bodyValue(page.bytes());
    }

    /**
     * Only for a folder, and never under {@code /api} (nor {@code /socket.io}, which has a dot): a
     * client asking the API for something that is not there must hear so, not get a page. The route
     * is never given API paths; this keeps it so should its predicate change.
     */
    private boolean isAppRoute(String path) {
        return folder != null
                && APP_ROUTE.matcher(path).matches()
                && !path.equals("/api")
                && !path.equals("/api/")
                && !path.startsWith("/api/");
    }

    private Mono<ServerResponse> notFound(String path) {
        return replies.error(HttpStatus.NOT_FOUND, "not_found", "No such page: " + path);
    }

    /** Only pages that exist are kept: a name made up by a visitor must not take memory for good. */
    private Optional<Page> find(String name) {
        if (folder != null) {
            return read(name);
        }
        Page known = cache.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Page> found = read(name);
        found.ifPresent(page -> cache.putIfAbsent(name, page));
        return found;
    }

    private Optional<Page> read(String name) {
        byte[] bytes;
        try {
            if (folder != null) {
                Path file = folder.resolve(name).normalize();
                if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                bytes = Files.readAllBytes(file);
            } else {
                try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(PACKAGED + name)) {
                    if (in == null) {
                        return Optional.empty();
                    }
                    bytes = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read page file " + name, e);
        }
        return Optional.of(new Page(bytes, TYPES.get(extension(name)), etag(bytes)));
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return TYPES.containsKey(extension) ? extension : null;
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
