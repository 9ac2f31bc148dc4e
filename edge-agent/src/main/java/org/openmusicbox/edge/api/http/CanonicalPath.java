package org.openmusicbox.edge.api.http;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 404, before any route is chosen, a path written in any but its one plain spelling:
 * {@code ;parameters}, {@code //}, {@code .} and {@code ..} segments, backslashes, and
 * percent-escapes of characters that need none (letters, digits, {@code -._~}) or that would change
 * the path's shape ({@code /}, {@code \}, {@code ;}, control characters). The router decodes and
 * drops some of these while a person reading a log would not, so a request either names its route
 * plainly or is not served. 404 like any unknown path (the page's own path tricks have always been
 * 404), with the reason in the message. Routes still guard themselves ({@link ParentGate}); this
 * only removes the second spellings that made a prefix check on the raw path unsafe.
 */
public final class CanonicalPath implements WebFilter {

    private final Replies replies;

    public CanonicalPath(Replies replies) {
        this.replies = replies;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String problem = problem(exchange.getRequest().getURI().getRawPath());
        if (problem == null) {
            return chain.filter(exchange);
        }
        return replies.refuse(
                exchange,
                HttpStatus.NOT_FOUND,
                "not_found",
                "No such path: it is not written plainly (" + problem + ")");
    }

    /** Why {@code raw} (the path as sent, still percent-encoded) is not canonical, or null when it is. */
    static String problem(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return "it must start with /";
        }
        if (raw.indexOf(';') >= 0) {
            return "path parameters (;) are not accepted";
        }
        if (raw.indexOf('\\') >= 0) {
            return "backslashes are not accepted";
        }
        if (raw.contains("//")) {
            return "empty segments (//) are not accepted";
        }
        for (String segment : raw.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments (. and ..) are not accepted";
            }
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return "control characters and spaces must be percent-encoded";
            }
            if (c != '%') {
                continue;
            }
            int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
            if (value < 0) {
                return "a % must start a two-digit hex escape";
            }
            if (unreserved(value)) {
                return "%" + raw.substring(i + 1, i + 3) + " encodes '" + (char) value + "', which is written as is";
            }
            if (value == '/' || value == '\\' || value == ';' || value < 0x20 || value == 0x7f) {
                return "%" + raw.substring(i + 1, i + 3) + " is not accepted in a path";
            }
            i += 2;
        }
        return null;
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
