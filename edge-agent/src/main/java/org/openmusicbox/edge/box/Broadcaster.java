package org.openmusicbox.edge.box;

import java.util.UUID;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Rooms;
import org.openmusicbox.protocol.v1.StateEnvelope;

/**
 * Every event the box sends passes here: it is numbered once by the {@link Sequencer}, wrapped in
 * the state envelope, kept in the {@link History} of its room and handed to the {@link Fanout}
 * once. Nothing else emits state events, which is what keeps {@code server_seq} single and ordered.
 * Used only from the box thread.
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
    public StateEnvelope<Object> toPlaylists(String eventType, Object data) {
        long seq = sequencer.next();
        StateEnvelope<Object> envelope = new StateEnvelope<>(eventType, seq, null, null, data, clock.getAsLong(),
                eventId());
        send(Rooms.PLAYLISTS, eventType, envelope, seq, null);
        return envelope;
    }

    /**
     * A state event for {@code playlists} whose data carries the event's own {@code server_seq}
     * (the player state does), so both numbers agree.
     */
    public StateEnvelope<Object> toPlaylists(String eventType, java.util.function.LongFunction<Object> data) {
        long seq = sequencer.next();
        StateEnvelope<Object> envelope = new StateEnvelope<>(eventType, seq, null, null, data.apply(seq),
                clock.getAsLong(), eventId());
        send(Rooms.PLAYLISTS, eventType, envelope, seq, null);
        return envelope;
    }

    /**
     * A state event for {@code playlists} that is only worth having live, such as a position tick:
     * numbered like every other event but not kept for replay, since the next tick supersedes it.
     */
    public void toPlaylistsLive(String eventType, Object data) {
        long seq = sequencer.next();
        fanout.toRoom(Rooms.PLAYLISTS, eventType, encode(new StateEnvelope<>(eventType, seq, null, null, data,
                clock.getAsLong(), eventId())));
    }

    /** A playlist-scoped state event for the room {@code playlist:{id}}; it carries a new {@code playlist_seq}. */
    public StateEnvelope<Object> toPlaylist(String playlistId, String eventType, Object data) {
        long seq = sequencer.next();
        long playlistSeq = sequencer.nextPlaylistSeq(playlistId);
        StateEnvelope<Object> envelope = new StateEnvelope<>(eventType, seq, playlistId, playlistSeq, data,
                clock.getAsLong(), eventId());
        String room = Rooms.playlist(playlistId);
        send(room, eventType, envelope, seq, playlistSeq);
        return envelope;
    }

    /**
     * An event that is not a state envelope but carries its own {@code server_seq} (such as
     * {@code nfc_status}): numbered, kept for replay in its room and sent once.
     */
    public void toRoomNumbered(String room, String event, java.util.function.LongFunction<Object> payload) {
        long seq = sequencer.next();
        send(room, event, payload.apply(seq), seq, null);
    }

    /** A numbered event for every connected client, whatever rooms it joined; not kept for replay. */
    public void toEveryoneNumbered(String event, java.util.function.LongFunction<Object> payload) {
        long seq = sequencer.next();
        fanout.toEveryone(event, encode(payload.apply(seq)));
    }

    /** A snapshot for one client: it reports the current sequence and consumes none. */
    public StateEnvelope<Object> snapshot(String eventType, Object data) {
        return new StateEnvelope<>(eventType, sequencer.current(), null, null, data, clock.getAsLong(), eventId());
    }

    public StateEnvelope<Object> playlistSnapshot(String playlistId, String eventType, Object data) {
        return new StateEnvelope<>(eventType, sequencer.current(), playlistId,
                sequencer.currentPlaylistSeq(playlistId), data, clock.getAsLong(), eventId());
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

    public Fanout fanout() {
        return fanout;
    }

    /** Encodes once: the same text goes to every client in the room and into the history. */
    private void send(String room, String event, Object payload, long seq, Long playlistSeq) {
        EncodedJson json = encode(payload);
        history.add(new History.Entry(room, event, json, seq, playlistSeq));
        fanout.toRoom(room, event, json);
    }

    private EncodedJson encode(Object payload) {
        return new EncodedJson(codec.toJson(payload));
    }

    private static String eventId() {
        return UUID.randomUUID().toString();
    }
}
