package org.openmusicbox.edge.api.connections;

import io.netty.channel.ChannelPipeline;

/**
 * A second protocol answered on the HTTP port (Socket.IO at {@code /socket.io/}): it sees each
 * request's head right after the HTTP codec and may take the connection over.
 */
public interface SharedPort {

    /**
     * Puts this protocol's handler into one new HTTP connection's pipeline, right behind the handler
     * named {@code codec}; a connection it takes over moves from {@code from}'s count to its own.
     */
    void install(ChannelPipeline pipeline, String codec, OpenConnections from);

    /** The HTTP port alone. */
    SharedPort NONE = (pipeline, codec, from) -> {};
}
