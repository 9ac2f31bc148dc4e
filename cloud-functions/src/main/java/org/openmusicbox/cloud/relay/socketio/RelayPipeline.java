package org.openmusicbox.cloud.relay.socketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;

/**
 * netty-socketio's handlers, put behind Reactor Netty's HTTP codec on a connection {@link SocketHandOver} takes.
 * The library insists on a listener of its own; that one (loopback, a free port) closes every connection it gets,
 * so Socket.IO is reached only through the relay's port and its path check.
 */
final class RelayPipeline extends SocketIOChannelInitializer {

    @Override
    protected void initChannel(Channel channel) {
        channel.close();
    }

    /** The Socket.IO handlers at the end of {@code pipeline}, whose last handler is the HTTP codec {@code codec}. */
    void handOver(ChannelPipeline pipeline, String codec) {
        if (pipeline.last() != pipeline.get(codec)) {
            throw new IllegalStateException("The HTTP codec " + codec + " is not last in " + pipeline.names());
        }
        // netty-socketio runs acknowledgement timeouts on the executor of the last connection it set up.
        super.handlerAdded(pipeline.context(codec));
        super.addSocketioHandlers(pipeline);
        // The codec decodes and encodes HTTP in place of the library's own decoder and encoder.
        pipeline.remove(HTTP_REQUEST_DECODER);
        pipeline.remove(HTTP_ENCODER);
        pipeline.addAfter(codec, "omb.closingAnswers", ClosingAnswers.INSTANCE);
        pipeline.addBefore(HTTP_AGGREGATOR, "omb.postsInOrder", new PostsInOrder());
    }
}
