package org.openmusicbox.protocol.v1.mqtt;

import java.util.Map;
import java.util.Set;

/**
 * The arguments of command {@code http}: one request of the box's HTTP API made by a phone through a relay. The box
 * runs it through the same routes and checks as a request on its own port. {@code path} is the path under the box's
 * root ({@code /api/playlists}), {@code query} the raw query string or null, {@code headers} only the
 * {@link #HEADERS} (lower case), {@code body} base64 or null, at most {@link #MAX_BODY_BYTES} decoded: audio goes
 * through object storage, never through the broker. {@code phone_id} names the paired phone the relay let in.
 */
public record HttpCall(
        String method, String path, String query, Map<String, String> headers, String body, String phoneId) {

    /** The headers a relay passes on; anything else (cookies, origin, host) is the relay's own. */
    public static final Set<String> HEADERS = Set.of("authorization", "content-type", "accept-language", "accept");

    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    public HttpCall {
        Check.present(method, "method");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", was " + Check.quoted(method));
        }
        Check.present(path, "path");
        if (!path.startsWith("/") || path.length() > 2048) {
            throw new IllegalArgumentException("path must start with '/' and be at most 2048 characters");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        for (String name : headers.keySet()) {
            if (!HEADERS.contains(name)) {
                throw new IllegalArgumentException("header " + Check.quoted(name) + " is not passed on to a box");
            }
        }
        if (body != null && body.length() > (MAX_BODY_BYTES + 2) / 3 * 4) {
            throw new IllegalArgumentException("body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        Check.present(phoneId, "phone_id");
    }
}
