package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * netty-socketio's JSON reading, made to consume each packet whole. The library stops reading an
 * event after the arguments it expects; when the packet is the last in its frame, the unread rest
 * (an extra argument, or the payload of an event nobody listens to) is then decoded as if it were
 * another packet, which fails and drops the client's connection. Skipping the rest keeps the
 * connection up and simply ignores what nobody asked for.
 */
final class SocketJson extends JacksonJsonSupport {

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        try {
            return super.readValue(namespaceName, src, valueType);
        } finally {
            int rest = src.available();
            if (rest > 0) {
                src.skipBytes(rest);
            }
        }
    }
}
