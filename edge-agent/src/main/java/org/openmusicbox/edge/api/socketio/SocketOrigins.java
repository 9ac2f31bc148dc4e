package org.openmusicbox.edge.api.socketio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may talk to the Socket.IO port: the box's own page (an origin on the host the
 * request was sent to, at the HTTP port or this port), the origins named in configuration, and
 * clients that send no Origin at all (Node, scripts, apps: a browser always sends one). Everything
 * else, including the opaque origin {@code null} of sandboxed frames and files, is refused.
 *
 * <p>The own-page rule trusts the Host header, as browsers send it; a page that makes its own name
 * resolve to the box's address (DNS rebinding) passes it. That needs a name the attacker controls on
 * the box's network and is left to the token checks behind this one.
 */
final class SocketOrigins {

    private final Set<String> named;
    private final int socketPort;
    private volatile int pagePort;

    /** @param named comma-separated origins such as {@code https://relay.example}; blanks are ignored */
    SocketOrigins(String named, int pagePort, int socketPort) {
        this.named = Arrays.stream(named.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(SocketOrigins::normalize)
                .collect(Collectors.toUnmodifiableSet());
        this.pagePort = pagePort;
        this.socketPort = socketPort;
    }

    /** The HTTP port, once known (it is chosen after this port when the configuration asks for 0). */
    void pageServedOn(int port) {
        this.pagePort = port;
    }

    boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        URI o = parse(origin.strip());
        if (o == null) {
            return false;
        }
        if (named.contains(normalize(origin))) {
            return true;
        }
        String requestHost = hostOf(host);
        if (requestHost == null || !requestHost.equalsIgnoreCase(o.getHost())) {
            return false;
        }
        int port = portOf(o);
        return port == pagePort || port == socketPort;
    }

    private static URI parse(String origin) {
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || u.getHost() == null
                    || u.getRawUserInfo() != null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty())
                    || u.getRawQuery() != null
                    || u.getRawFragment() != null) {
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int portOf(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** {@code HTTP://Box.Local:80} and {@code http://box.local} are the same origin; unparsable text stays as is. */
    private static String normalize(String origin) {
        URI u = parse(origin.strip());
        if (u == null) {
            return origin.strip();
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = portOf(u);
        boolean usual = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port);
    }

    /** The host part of a Host header: {@code box.local:8001} and {@code [fe80::1]:8001} give the name or address. */
    private static String hostOf(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
