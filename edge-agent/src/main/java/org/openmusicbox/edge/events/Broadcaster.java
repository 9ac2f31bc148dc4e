package org.openmusicbox.edge.events;

import java.util.UUID;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.NumberedEvent;
import org.openmusicbox.protocol.v1.PlainEvent;
import org.openmusicbox.protocol.v1.Rooms;
import org.openmusicbox.protocol.v1.StateEnvelope;
import org.openmusicbox.protocol.v1.StateEvent;

/**
 * Every event the box sends passes here: it is numbered once by the {@link Sequencer}, wrapped in
 * the state envelope under the name its typed payload carries ({@link StateEvent#event()}), kept in
 * the {@link History} of its room and handed to the {@link Fanout} once. Nothing else emits state
 * events, which is what keeps {@code server_seq} single and ordered. Used only from the box thread.
 */
public final class Broadcaster {

    private final Sequencer sequencer;
    private final History history;
    private final Fanout fanout;
    private final LongSupplier clock;
    private final JsonCodec codec;

    public Broadcaster(Sequencer sequencer, History history, Fanout fanout, LongSupplier clock, JsonCodec codec) {
        this.codec = codec;
        this.sequencer = sequencer;
        this.history = history;
        this.fanout = fanout;
        this.clock = clock;
    }

    /** A state event for the global room {@code playlists}. */
    public StateEnvelope<StateEvent> toPlaylists(StateEvent data) {
        long seq = sequencer.next();
        StateEnvelope<StateEvent> envelope =
                new StateEnvelope<>(data.event(), seq, null, null, data, clock.getAsLong(), eventId());
        send(Rooms.PLAYLISTS, data.event(), encode(envelope), seq, null);
        return envelope;
    }

    /**
     * A state event for {@code playlists} whose data carries the event's own {@code server_seq}
     * (the player state does), so both numbers agree.
     */
    public StateEnvelope<StateEvent> toPlaylists(LongFunction<? extends StateEvent> numbered) {
        long seq = sequencer.next();
        StateEvent data = numbered.apply(seq);
        StateEnvelope<StateEvent> envelope =
                new StateEnvelope<>(data.event(), seq, null, null, data, clock.getAsLong(), eventId());
        send(Rooms.PLAYLISTS, data.event(), encode(envelope), seq, null);
        return envelope;
    }

    /**
     * A state event for {@code playlists} that is only worth having live, such as a position tick:
     * numbered like every other event but not kept for replay, since the next tick supersedes it.
     */
    public void toPlaylistsLive(StateEvent data) {
        long seq = sequencer.next();
        fanout.toRoom(
                Rooms.PLAYLISTS,
                data.event(),
                encode(new StateEnvelope<>(data.event(), seq, null, null, data, clock.getAsLong(), eventId())));
    }

    /** A playlist-scoped state event for the room {@code playlist:{id}}; it carries a new {@code playlist_seq}. */
    public StateEnvelope<StateEvent> toPlaylist(String playlistId, StateEvent data) {
        long seq = sequencer.next();
        long playlistSeq = sequencer.nextPlaylistSeq(playlistId);
        StateEnvelope<StateEvent> envelope =
                new StateEnvelope<>(data.event(), seq, playlistId, playlistSeq, data, clock.getAsLong(), eventId());
        String room = Rooms.playlist(playlistId);
        send(room, data.event(), encode(envelope), seq, playlistSeq);
        return envelope;
    }

    /**
     * An event that is not a state envelope but carries its own {@code server_seq} (such as
     * {@code nfc_status}): numbered, kept for replay in its room and sent once.
     */
    public void toRoomNumbered(String room, LongFunction<? extends NumberedEvent> numbered) {
        long seq = sequencer.next();
        NumberedEvent payload = numbered.apply(seq);
        send(room, payload.event(), encode(payload), seq, null);
    }

    /** A numbered event for every connected client, whatever rooms it joined; not kept for replay. */
    public void toEveryoneNumbered(LongFunction<? extends NumberedEvent> numbered) {
        long seq = sequencer.next();
        NumberedEvent payload = numbered.apply(seq);
        fanout.toEveryone(payload.event(), encode(payload));
    }

    /**
     * An event that is not state ({@link PlainEvent}: an upload's progress, an operation's answer) for
     * whoever is in {@code room} now: neither numbered nor kept for replay.
     */
    public void toRoomLive(String room, PlainEvent event) {
        fanout.toRoom(room, event.event(), new EncodedJson(codec.toJson(event)));
    }

    /**
     * An event from outside the box's state for every connected client, now (a YouTube import's progress, which
     * the original sends to everyone): neither numbered nor kept. Any thread may call it, as it touches no sequence.
     */
    public void toEveryoneLive(String event, Object payload) {
        fanout.toEveryone(event, new EncodedJson(codec.toJson(payload)));
    }

    /** A {@link PlainEvent} for one client only, such as the answer to its own operation. */
    public void toClient(String clientId, PlainEvent event) {
        fanout.toClient(clientId, event.event(), new EncodedJson(codec.toJson(event)));
    }

    /** A snapshot for one client: it reports the current sequence and consumes none. */
    public StateEnvelope<StateEvent> snapshot(StateEvent data) {
        return new StateEnvelope<>(data.event(), sequencer.current(), null, null, data, clock.getAsLong(), eventId());
    }

    public StateEnvelope<StateEvent> playlistSnapshot(String playlistId, StateEvent data) {
        return new StateEnvelope<>(
                data.event(),
                sequencer.current(),
                playlistId,
                sequencer.currentPlaylistSeq(playlistId),
                data,
                clock.getAsLong(),
                eventId());
    }

    /** Takes a sequence number for an event that is not a state envelope (acks, NFC status). */
    public long nextSeq() {
        return sequencer.next();
    }

    /** The latest {@code server_seq}; any thread may read it. */
    public long currentSeq() {
        return sequencer.current();
    }

    public long currentPlaylistSeq(String playlistId) {
        return sequencer.currentPlaylistSeq(playlistId);
    }

    public History history() {
        return history;
    }

    /** Encodes once: the same text goes to every client in the room and into the history. */
    private void send(String room, String event, EncodedJson json, long seq, Long playlistSeq) {
        history.add(new History.Entry(room, event, json, seq, playlistSeq));
        fanout.toRoom(room, event, json);
    }

    private EncodedJson encode(StateEnvelope<StateEvent> envelope) {
        return new EncodedJson(codec.toJson(envelope));
    }

    private EncodedJson encode(NumberedEvent payload) {
        return new EncodedJson(codec.toJson(payload));
    }

    private static String eventId() {
        return UUID.randomUUID().toString();
    }
}
