package org.openmusicbox.cloud.relay;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import reactor.core.publisher.Mono;

/**
 * One phone's request as a command to its box, and the box's answer: refused at once ({@link Unanswered#offline})
 * while the box's presence says it is offline, given up ({@link Unanswered#unreachable}) after the reply timeout.
 * The broker drops the command itself after its message expiry, so one given up here is never run later.
 */
public final class BoxCommands {

    private final RelayBroker broker;
    private final BoxPresence presence;
    private final PendingReplies replies;
    private final Duration timeout;

    public BoxCommands(RelayBroker broker, BoxPresence presence, PendingReplies replies, Duration timeout) {
        this.broker = broker;
        this.presence = presence;
        this.replies = replies;
        this.timeout = timeout;
    }

    public Mono<CommandReply> send(String deviceId, String name, Map<String, Object> args) {
        return Mono.defer(() -> {
            if (!presence.online(deviceId)) {
                return Mono.error(Unanswered.offline(deviceId));
            }
            DeviceCommand command = new DeviceCommand(UUID.randomUUID().toString(), name, args);
            Mono<CommandReply> answer = replies.expect(command.commandId());
            return broker.command(deviceId, command)
                    .then(answer)
                    .timeout(timeout)
                    // A timeout, or a broker that would not take the command: either way no answer comes.
                    .onErrorMap(
                            e -> e instanceof TimeoutException || !(e instanceof Unanswered),
                            e -> Unanswered.unreachable(deviceId))
                    .doFinally(signal -> replies.forget(command.commandId()));
        });
    }
}
