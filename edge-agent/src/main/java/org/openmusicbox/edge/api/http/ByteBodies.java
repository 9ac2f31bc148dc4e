package org.openmusicbox.edge.api.http;

import java.util.List;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The only bodies the routes read and write: byte arrays, since the protocol's own codec makes and reads the JSON.
 * Given to the router and to the exchange in place of Spring's configurer: {@code ServerCodecConfigurer.create()}
 * (which {@code HandlerStrategies.empty()} calls, and the exchange adapter on the first request when it has none)
 * builds every default codec first, Jackson's with an object mapper of its own among them, even when the defaults
 * are switched off right after; an idle box kept about 200 classes of them (docs/memory.md). Immutable.
 */
final class ByteBodies implements ServerCodecConfigurer {

    private final List<HttpMessageReader<?>> readers;
    private final List<HttpMessageWriter<?>> writers;

    /** @param maxBodyBytes the largest request body read into memory */
    ByteBodies(int maxBodyBytes) {
        ByteArrayDecoder decoder = new ByteArrayDecoder();
        decoder.setMaxInMemorySize(maxBodyBytes);
        this.readers = List.of(new DecoderHttpMessageReader<>(decoder));
        this.writers = List.of(new EncoderHttpMessageWriter<>(new ByteArrayEncoder()));
    }

    /** What the router needs: these bodies, {@code filters} in this order, {@code errors}, and no views. */
    HandlerStrategies strategies(List<WebFilter> filters, WebExceptionHandler errors) {
        return new Strategies(
                readers,
                writers,
                List.of(),
                List.copyOf(filters),
                List.of(errors),
                new AcceptHeaderLocaleContextResolver());
    }

    @Override
    public List<HttpMessageReader<?>> getReaders() {
        return readers;
    }

    @Override
    public List<HttpMessageWriter<?>> getWriters() {
        return writers;
    }

    @Override
    public ServerDefaultCodecs defaultCodecs() {
        throw new UnsupportedOperationException("the box's HTTP API has no default codecs");
    }

    @Override
    public CustomCodecs customCodecs() {
        throw new UnsupportedOperationException("the box's HTTP API reads and writes byte arrays only");
    }

    @Override
    public void registerDefaults(boolean registerDefaults) {
        if (registerDefaults) {
            throw new UnsupportedOperationException("the box's HTTP API has no default codecs");
        }
    }

    @Override
    public ServerCodecConfigurer clone() {
        return this;
    }

    private record Strategies(
            List<HttpMessageReader<?>> messageReaders,
            List<HttpMessageWriter<?>> messageWriters,
            List<ViewResolver> viewResolvers,
            List<WebFilter> webFilters,
            List<WebExceptionHandler> exceptionHandlers,
            LocaleContextResolver localeContextResolver)
            implements HandlerStrategies {}
}
