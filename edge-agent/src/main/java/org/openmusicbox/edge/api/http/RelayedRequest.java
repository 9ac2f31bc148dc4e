package org.openmusicbox.edge.api.http;

import java.net.InetSocketAddress;
import java.net.URI;
import org.openmusicbox.edge.access.RemotePhones;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;

/**
 * A phone's request relayed over the broker, as the box's HTTP API sees it: no cookies, no TLS of its own, and as
 * its address an unresolved name made from the phone's id, so that per-address budgets and lock-outs are the phone's.
 */
final class RelayedRequest extends AbstractServerHttpRequest {

    private final byte[] body;
    private final InetSocketAddress remote;

    RelayedRequest(HttpMethod method, URI uri, HttpHeaders headers, byte[] body, String phoneId) {
        super(method, uri, "", headers);
        this.body = body;
        this.remote = InetSocketAddress.createUnresolved(RemotePhones.relayedAddress(phoneId), 0);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    protected MultiValueMap<String, HttpCookie> initCookies() {
        return new LinkedMultiValueMap<>();
    }

    @Override
    protected SslInfo initSslInfo() {
        return null;
    }

    @Override
    public <T> T getNativeRequest() {
        throw new UnsupportedOperationException("A relayed request has no native request");
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return body.length == 0 ? Flux.empty() : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body));
    }
}
