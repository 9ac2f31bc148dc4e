package org.openmusicbox.cloud.relay;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The commands of this instance waiting for their answer, by command id. An answer nobody waits for (late, or a
 * second copy of a redelivered command) is dropped.
 */
public final class PendingReplies {

    private final ConcurrentMap<String, Sinks.One<CommandReply>> waiting = new ConcurrentHashMap<>();

    /** Starts waiting for {@code commandId}; call before the command goes out, so no answer can come first. */
    Mono<CommandReply> expect(String commandId) {
        Sinks.One<CommandReply> sink = Sinks.one();
        waiting.put(commandId, sink);
        return sink.asMono();
    }

    void forget(String commandId) {
        waiting.remove(commandId);
    }

    /** An answer came on this instance's reply topic; false when nobody waits for it. */
    public boolean arrived(String commandId, CommandReply reply) {
        Sinks.One<CommandReply> sink = waiting.remove(commandId);
        return sink != null && sink.tryEmitValue(reply).isSuccess();
    }

    public int waiting() {
        return waiting.size();
    }
}
