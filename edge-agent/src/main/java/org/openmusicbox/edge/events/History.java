package org.openmusicbox.edge.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmusicbox.protocol.json.EncodedJson;

/**
 * The last events of each room, kept so that a client coming back can be sent exactly what it
 * missed. Each room remembers the newest sequence it had to drop; a client that last saw an event
 * older than that has missed something no longer held. After a restart nothing before the
 * sequencer's floor is held, so every room starts as if it had dropped everything up to it.
 * Used only from the box thread.
 */
public final class History {

    /** One event as it was sent: replayed with the same envelope and event id. */
    public record Entry(String room, String event, EncodedJson payload, long serverSeq, Long playlistSeq) {}

    private final int perRoom;
    private final long floor;
    private final Map<String, Deque<Entry>> rooms = new HashMap<>();
    private final Map<String, Entry> lastDropped = new HashMap<>();

    public History(int perRoom, long floor) {
        this.perRoom = perRoom;
        this.floor = floor;
    }

    public void add(Entry entry) {
        Deque<Entry> room = rooms.computeIfAbsent(entry.room(), r -> new ArrayDeque<>());
        room.addLast(entry);
        if (room.size() > perRoom) {
            lastDropped.put(entry.room(), room.removeFirst());
        }
    }

    /**
     * The events of {@code room} after {@code afterSeq}, oldest first, or empty when some of them
     * are no longer held. {@code playlistSeq} selects which number {@code afterSeq} is compared with.
     */
    public Optional<List<Entry>> since(String room, long afterSeq, boolean playlistSeq) {
        Entry dropped = lastDropped.get(room);
        long droppedUpTo = dropped == null ? floor : number(dropped, playlistSeq);
        if (afterSeq < droppedUpTo) {
            return Optional.empty();
        }
        List<Entry> missed = new ArrayList<>();
        for (Entry entry : rooms.getOrDefault(room, new ArrayDeque<>())) {
            if (number(entry, playlistSeq) > afterSeq) {
                missed.add(entry);
            }
        }
        return Optional.of(missed);
    }

    private static long number(Entry entry, boolean playlistSeq) {
        return playlistSeq && entry.playlistSeq() != null ? entry.playlistSeq() : entry.serverSeq();
    }
}
