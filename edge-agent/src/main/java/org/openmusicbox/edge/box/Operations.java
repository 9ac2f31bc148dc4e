package org.openmusicbox.edge.box;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.protocol.v1.OpAck;
import org.openmusicbox.protocol.v1.OpError;
import org.openmusicbox.protocol.v1.PlainEvent;
import org.openmusicbox.protocol.v1.Rooms;

/**
 * Runs a client's operation on the box thread and answers it with {@code ack:op} or {@code err:op}.
 * An operation that carries a {@code client_op_id} is applied at most once in {@link #WINDOW}: a
 * client that retries after a lost answer gets the first answer again, and nothing changes twice.
 */
public final class Operations {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Operations.class);

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_REMEMBERED = 5000;

    /**
     * Who hears the ack: the calling socket, room {@code playlists} for HTTP, which has no socket, or no one when the
     * caller takes the ack from the outcome ({@link #answer}) to carry it itself: a phone's event through a relay.
     */
    public record ReplyTo(String clientId, boolean returned) {
        public static final ReplyTo PLAYLISTS_ROOM = new ReplyTo(null, false);

        public static final ReplyTo RETURNED = new ReplyTo(null, true);

        public static ReplyTo client(String clientId) {
            return new ReplyTo(clientId, false);
        }
    }

    /** How an operation ended; {@code replayed} when it was answered from an earlier identical call. */
    public sealed interface Outcome permits Done, Failed {
        long serverSeq();
    }

    public record Done(Object data, long serverSeq, boolean replayed) implements Outcome {}

    public record Failed(BoxError error, long serverSeq) implements Outcome {}

    private record Remembered(Done outcome, long at) {}

    private final Inbox inbox;
    private final Broadcaster broadcaster;
    private final LongSupplier clock;
    private final Map<String, Remembered> done = new LinkedHashMap<>();

    public Operations(Inbox inbox, Broadcaster broadcaster, LongSupplier clock) {
        this.inbox = inbox;
        this.broadcaster = broadcaster;
        this.clock = clock;
    }

    /**
     * @param lane where the operation waits for the box thread: the caller's standing
     * @param operation a name for the kind of operation, so that one id reused for another kind is not confused
     * @param clientOpId the client's id, or null when it sent none (then no ack is sent)
     */
    public CompletableFuture<Outcome> run(
            Inbox.Lane lane, String operation, String clientOpId, ReplyTo replyTo, Supplier<Object> work) {
        return inbox.ask(lane, () -> apply(operation, clientOpId, replyTo, work));
    }

    /**
     * Answers an operation that is refused before it reaches the box (no parent token, too many
     * events) with {@code err:op}, from any thread: a refusal costs the box thread nothing, so a
     * flood of them cannot hold up anyone else.
     */
    public void refuse(String clientOpId, ReplyTo replyTo, BoxError error) {
        acknowledge(clientOpId, replyTo, new Failed(error, broadcaster.currentSeq()));
    }

    private Outcome apply(String operation, String clientOpId, ReplyTo replyTo, Supplier<Object> work) {
        long now = clock.getAsLong();
        expire(now);
        String key = operation + "\u0000" + clientOpId;
        if (clientOpId != null) {
            Remembered earlier = done.get(key);
            if (earlier != null) {
                Done replay =
                        new Done(earlier.outcome().data(), earlier.outcome().serverSeq(), true);
                acknowledge(clientOpId, replyTo, replay);
                return replay;
            }
        }
        Outcome outcome;
        try {
            outcome = new Done(work.get(), broadcaster.currentSeq(), false);
        } catch (BoxError e) {
            outcome = new Failed(e, broadcaster.currentSeq());
        } catch (RuntimeException e) {
            // A full, read-only or damaged card is the parent's to fix, not a bug: say which.
            BoxError refusal = StorageRefusal.of(e).orElseThrow(() -> e);
            log.warn("Operation {} refused: {} ({})", operation, refusal.getMessage(), e.getMessage());
            outcome = new Failed(refusal, broadcaster.currentSeq());
        }
        if (clientOpId != null && outcome instanceof Done d) {
            done.put(key, new Remembered(d, now));
            if (done.size() > MAX_REMEMBERED) {
                done.remove(done.keySet().iterator().next());
            }
        }
        // A socket has no other way to learn the result, so it is answered even without an id;
        // HTTP callers read their response, and the room hears only about operations it can match.
        if (clientOpId != null || replyTo.clientId() != null) {
            acknowledge(clientOpId, replyTo, outcome);
        }
        return outcome;
    }

    /** The {@code ack:op} or {@code err:op} of an outcome. */
    public static PlainEvent answer(String clientOpId, Outcome outcome) {
        if (outcome instanceof Done d) {
            return new OpAck(clientOpId, true, d.data(), d.serverSeq());
        }
        Failed f = (Failed) outcome;
        return new OpError(clientOpId, false, f.error().getMessage(), f.error().errorType(), f.serverSeq());
    }

    private void acknowledge(String clientOpId, ReplyTo replyTo, Outcome outcome) {
        if (replyTo.returned()) {
            return;
        }
        PlainEvent answer = answer(clientOpId, outcome);
        if (replyTo.clientId() == null) {
            broadcaster.toRoomLive(Rooms.PLAYLISTS, answer);
        } else {
            broadcaster.toClient(replyTo.clientId(), answer);
        }
    }

    private void expire(long now) {
        long oldest = now - WINDOW.toMillis();
        var it = done.values().iterator();
        while (it.hasNext() && it.next().at() < oldest) {
            it.remove();
        }
    }
}
