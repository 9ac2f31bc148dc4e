package org.openmusicbox.edge.api.socketio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.RemotePhones;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.remote.CommandRunner;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.OpAck;
import org.openmusicbox.protocol.v1.PlainEvent;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.SocketAnswer;
import org.openmusicbox.protocol.v1.mqtt.SocketCall;

/**
 * Command {@code socket}: one Socket.IO event of a phone, passed on by a relay, run by the same handlers as a LAN
 * socket's. The phone's credential is checked as a connect's {@code auth} would be, and must be the phone's the relay
 * names. A change runs through {@link SocketOperations} and its {@code ack:op} or {@code err:op} comes back in the
 * answer, not to room {@code playlists}; a read ({@code join:*}, {@code sync:request}, ...) runs on the box thread and
 * its events come back the same way. An event the box does not know is a failed reply, {@code unknown_command}: a LAN
 * socket hears nothing for one, but a relay waits for an answer.
 *
 * <p>The caller starts in no room: a {@code sync:request} names its rooms ({@code requested_rooms},
 * {@code playlist_id}) or gets {@code playlists}. The answer's rooms are those the event left the caller in, so they
 * mean something for the room events; for a change they are empty.
 */
public final class RelayedEvents implements CommandRunner {

    private final SocketEvents reads;
    private final SocketOperations changes;
    private final ParentAccess access;
    private final Inbox inbox;
    private final JsonCodec codec;

    public RelayedEvents(
            SocketEvents reads, SocketOperations changes, ParentAccess access, Inbox inbox, JsonCodec codec) {
        this.reads = reads;
        this.changes = changes;
        this.access = access;
        this.inbox = inbox;
        this.codec = codec;
    }

    @Override
    public CompletableFuture<Object> run(String commandId, Map<String, Object> args) {
        SocketCall call;
        try {
            call = codec.convert(args, SocketCall.class);
        } catch (JsonCodec.JsonFormatException | IllegalArgumentException e) {
            throw new Refused("validation_error", "Invalid socket command: " + e.getMessage());
        }
        admit(call);
        if (changes.changes(call.event())) {
            String echoed = SocketOperations.echoed(org.openmusicbox.edge.api.Payload.of(call.data()));
            return changes.runRelayed(call.event(), call.data(), commandId).thenApply(outcome -> {
                RemoteCaller caller = new RemoteCaller(codec);
                PlainEvent answer = Operations.answer(echoed, outcome);
                caller.send(answer.event(), answer);
                return caller.answer();
            });
        }
        SocketEvents.Handler handler = reads.handler(call.event());
        if (handler == null) {
            throw new Refused(CommandReply.UNKNOWN_COMMAND, "The box has no Socket.IO event " + quoted(call.event()));
        }
        return inbox.ask(Inbox.Lane.PARENT, () -> {
            RemoteCaller caller = new RemoteCaller(codec);
            handler.handle(caller, call.data());
            return caller.answer();
        });
    }

    @Override
    public Object alreadyApplied() {
        return new SocketAnswer(
                List.of(new SocketAnswer.Emitted(
                        Events.ACK_OP, codec.toTree(new OpAck(null, true, Map.of("already_applied", true), 0)))),
                List.of());
    }

    /** As a connect's auth: the credential must be a parent's, and the phone's the relay named. */
    private void admit(SocketCall call) {
        String phone = access.phoneOf(call.credential());
        ParentAccess.Verdict verdict = access.check(call.credential(), RemotePhones.relayedAddress(call.phoneId()));
        if (verdict == ParentAccess.Verdict.LOCKED) {
            throw new Refused("rate_limit_error", "Too many wrong credentials from this phone; try again in a minute");
        }
        if (verdict != ParentAccess.Verdict.PARENT
                || (access.enabled() && !call.phoneId().equals(phone))) {
            throw new Refused("unauthorized", "This phone's credential is not accepted by the box");
        }
    }

    private static String quoted(String event) {
        return "'" + (event.length() > 60 ? event.substring(0, 60) + "..." : event) + "'";
    }
}
