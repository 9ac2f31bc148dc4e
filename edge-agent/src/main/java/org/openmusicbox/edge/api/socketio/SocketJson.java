package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's JSON reading, made to consume each packet whole. The library stops reading an
 * event after the arguments it expects; when the packet is the last in its frame, the unread rest
 * (an extra argument, or the payload of an event nobody listens to) is then decoded as if it were
 * another packet, which fails and drops the client's connection. Skipping the rest keeps the
 * connection up and simply ignores what nobody asked for. A message that is not readable JSON at
 * all (for instance nested deeper than Jackson allows) is dropped the same way.
 *
 * <p>The {@code auth} of a CONNECT packet is read here too. Anything but a JSON object (a string,
 * a number, an array, broken or too deeply nested JSON) becomes {@link #UNREADABLE_AUTH}, and
 * {@code null} becomes {@link #NO_AUTH}, so the access check always decides and answers the
 * client; throwing here made the library log the whole packet with a stack trace and leave the
 * client without an answer.
 */
final class SocketJson extends JacksonJsonSupport {

    private static final Logger log = LoggerFactory.getLogger(SocketJson.class);

    /** The name a message gets when it cannot be read: no listener has it, so it is dropped. */
    static final String UNREADABLE = "";

    /** The auth of a CONNECT that sent something other than a JSON object; compared by identity. */
    static final Map<Object, Object> UNREADABLE_AUTH = Collections.unmodifiableMap(new HashMap<>());

    /** The auth of a CONNECT that sent none (or {@code null}); compared by identity. */
    static final Map<Object, Object> NO_AUTH = Collections.unmodifiableMap(new HashMap<>());

    /** An event made into bytes once for all its clients ({@link WireEvent}) is copied, not encoded again. */
    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        if (value instanceof List<?> args
                && args.size() == 2
                && args.get(1) instanceof WireEvent wire
                && args.get(0) instanceof String name
                && wire.isArgumentsOf(name)) {
            // The library reads binary attachments found by the last encoding from here.
            getArrays().clear();
            out.write(wire.arguments());
            return;
        }
        super.writeValue(out, value);
    }

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        if (valueType == Map.class) {
            return valueType.cast(auth(namespaceName, src));
        }
        try {
            return super.readValue(namespaceName, src, valueType);
        } catch (JsonProcessingException e) {
            // Unreadable JSON (too deeply nested, broken) would otherwise close the client's connection.
            if (valueType != Event.class) {
                throw e;
            }
            log.debug("Dropped an unreadable Socket.IO message: {}", e.getOriginalMessage());
            return valueType.cast(new Event(UNREADABLE, List.of()));
        } finally {
            int rest = src.available();
            if (rest > 0) {
                src.skipBytes(rest);
            }
        }
    }

    private Object auth(String namespaceName, ByteBufInputStream src) {
        try {
            Object auth = super.readValue(namespaceName, src, Map.class);
            return auth == null ? NO_AUTH : auth;
        } catch (IOException | RuntimeException e) {
            return UNREADABLE_AUTH;
        } finally {
            try {
                int rest = src.available();
                if (rest > 0) {
                    src.skipBytes(rest);
                }
            } catch (IOException e) {
                // An in-memory buffer: nothing left to skip.
            }
        }
    }
}
