package org.openmusicbox.edge.api.http;

import java.io.ByteArrayOutputStream;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The answer to a {@link RelayedRequest}, kept in memory to go back over the broker. Status and headers are read
 * from the response itself once it is complete; a body larger than {@code limit} stops being kept and is reported.
 */
final class RelayedResponse extends AbstractServerHttpResponse {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final int limit;
    private boolean tooLarge;

    RelayedResponse(int limit) {
        super(DefaultDataBufferFactory.sharedInstance);
        this.limit = limit;
    }

    /** The body as written; meaningful only when not {@link #tooLarge()}. */
    byte[] body() {
        synchronized (body) {
            return body.toByteArray();
        }
    }

    boolean tooLarge() {
        synchronized (body) {
            return tooLarge;
        }
    }

    @Override
    public <T> T getNativeResponse() {
        throw new UnsupportedOperationException("A relayed response has no native response");
    }

    @Override
    protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> buffers) {
        return Flux.from(buffers).doOnNext(this::keep).then();
    }

    @Override
    protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> parts) {
        return Flux.from(parts).concatMap(this::writeWithInternal).then();
    }

    private void keep(DataBuffer buffer) {
        try {
            synchronized (body) {
                if (tooLarge || body.size() + buffer.readableByteCount() > limit) {
                    tooLarge = true;
                    return;
                }
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                body.writeBytes(bytes);
            }
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    // Status, headers and cookies stay where the handler put them: they are read from this object, not sent.
    @Override
    protected void applyStatusCode() {}

    @Override
    protected void applyHeaders() {}

    @Override
    protected void applyCookies() {}
}
