package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's JSON reading, made to consume each packet whole. The library stops reading an
 * event after the arguments it expects; when the packet is the last in its frame, the unread rest
 * (an extra argument, or the payload of an event nobody listens to) is then decoded as if it were
 * another packet, which fails and drops the client's connection. Skipping the rest keeps the
 * connection up and simply ignores what nobody asked for. A message that is not readable JSON at
 * all (for instance nested deeper than Jackson allows) is dropped the same way.
 */
final class SocketJson extends JacksonJsonSupport {

    private static final Logger log = LoggerFactory.getLogger(SocketJson.class);

    /** The name a message gets when it cannot be read: no listener has it, so it is dropped. */
    static final String UNREADABLE = "";

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
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
}
