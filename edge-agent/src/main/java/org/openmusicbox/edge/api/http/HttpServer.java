package org.openmusicbox.edge.api.http;

import java.time.Duration;
import java.util.List;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.api.connections.FileLimit;
import org.openmusicbox.edge.api.connections.OpenConnections;
import org.openmusicbox.edge.api.connections.RequestDeadlines;
import org.openmusicbox.edge.api.connections.SharedPort;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.StorageRefusal;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP endpoint: Spring WebFlux functional routes on Reactor Netty, without Spring Boot (see
 * docs/design.md for the measurement behind that). Only byte-array codecs are registered, since the
 * protocol's own codec writes every JSON body.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final DisposableServer server;
    private final LoopResources loops;
    private final HttpHandler handler;

    /**
     * @param filters run in this order before the router (budgets, the path's spelling, origins);
     *                who may use a route is checked by the route itself (see {@link Routes})
     */
    public HttpServer(
            EdgeConfig config, RouterFunction<ServerResponse> routes, List<WebFilter> filters, JsonCodec codec) {
        this(config, routes, filters, codec, SharedPort.NONE);
    }

    /** @param shared a protocol also answered on this port (Socket.IO), which may take connections over */
    public HttpServer(
            EdgeConfig config,
            RouterFunction<ServerResponse> routes,
            List<WebFilter> filters,
            JsonCodec codec,
            SharedPort shared) {
        this(config, handler(config, routes, filters, codec), shared);
    }

    /**
     * The box's HTTP API as one handler: the routes behind the filters, with the error envelope for whatever a route
     * did not answer. The server serves it, and a relayed request ({@link RelayedCalls}) runs through the same one.
     *
     * @param filters run in this order before the router (budgets, the path's spelling, origins)
     */
    public static HttpHandler handler(
            EdgeConfig config, RouterFunction<ServerResponse> routes, List<WebFilter> filters, JsonCodec codec) {
        ByteBodies bodies = new ByteBodies(config.http().maxBodyBytes());
        Errors errors = new Errors(codec);
        HandlerStrategies strategies = bodies.strategies(filters, errors);
        // As RouterFunctions.toHttpHandler does, and with the bodies for the exchange too (see ByteBodies).
        return WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(routes, strategies))
                .filters(chain -> chain.addAll(strategies.webFilters()))
                .exceptionHandlers(handlers -> handlers.addAll(strategies.exceptionHandlers()))
                .localeContextResolver(strategies.localeContextResolver())
                .codecConfigurer(bodies)
                .build();
    }

    /** Serves {@code handler} (see {@link #handler}) on the configured address. */
    public HttpServer(EdgeConfig config, HttpHandler handler, SharedPort shared) {
        this.handler = handler;
        this.loops = LoopResources.create("http", 1, 2, true);
        EdgeConfig.Http limits = config.http();
        RefusalLog refusals = new RefusalLog(log, 30, System::currentTimeMillis);
        OpenConnections connections = new OpenConnections(
                "HTTP",
                limits.maxConnectionsPerAddress(),
                FileLimit.fit(limits.maxConnections(), "omb.http.max-connections", log),
                refusals);
        try {
            this.server = reactor.netty.http.server.HttpServer.create()
                    .host(config.bind())
                    .port(config.http().port())
                    .runOn(loops)
                    .doOnChannelInit((observer, channel, remote) -> {
                        channel.pipeline().addFirst("omb.admission", connections.admission());
                        RequestDeadlines.install(
                                channel.pipeline(),
                                "omb.admission",
                                NettyPipeline.HttpCodec,
                                limits.headerReadTimeoutMs(),
                                limits.idleTimeoutMs(),
                                refusals);
                        shared.install(channel.pipeline(), NettyPipeline.HttpCodec, connections);
                    })
                    .handle(new ReactorHttpHandlerAdapter(handler))
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            loops.dispose();
            throw new IllegalStateException(
                    "Cannot open HTTP on " + config.bind() + ":" + config.http().port() + ": " + e.getMessage(), e);
        }
    }

    /** What this server serves: the routes behind their filters, for a relayed request ({@link RelayedCalls}). */
    public HttpHandler handler() {
        return handler;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(3));
        // No quiet period: the server is already closed, nothing more can arrive on these loops.
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(3)).block(Duration.ofSeconds(4));
    }

    /** Anything a route did not answer itself still leaves as an error envelope. */
    private static final class Errors implements WebExceptionHandler {
        private final JsonCodec codec;

        Errors(JsonCodec codec) {
            this.codec = codec;
        }

        @Override
        public Mono<Void> handle(ServerWebExchange exchange, Throwable e) {
            HttpStatus status;
            ApiError body;
            // A read route that hit a damaged, full or read-only card says so, not "internal error".
            java.util.Optional<BoxError> refusal = StorageRefusal.of(e);
            if (refusal.isPresent()) {
                BoxError box = refusal.get();
                status = HttpStatus.valueOf(box.status());
                body = ApiError.of(box.errorType(), box.getMessage());
            } else if (e instanceof ResponseStatusException rse) {
                status = HttpStatus.valueOf(rse.getStatusCode().value());
                body = ApiError.of(
                        status.is4xxClientError() ? "bad_request" : "internal_error",
                        rse.getReason() == null ? status.getReasonPhrase() : rse.getReason());
            } else {
                log.error(
                        "Request {} {} failed",
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(),
                        e);
                status = HttpStatus.INTERNAL_SERVER_ERROR;
                body = ApiError.of("internal_error", "Internal error; the box logged the details");
            }
            var response = exchange.getResponse();
            if (response.isCommitted()) {
                return Mono.error(e);
            }
            response.setStatusCode(status);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            DataBuffer buffer = response.bufferFactory().wrap(codec.toBytes(body));
            return response.writeWith(Mono.just(buffer));
        }
    }
}
