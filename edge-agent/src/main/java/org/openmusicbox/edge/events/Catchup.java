package org.openmusicbox.edge.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmusicbox.protocol.v1.Rooms;

/**
 * Works out what a returning client missed ({@code sync:request}): the events of the rooms it asks
 * for that came after the sequence it last saw, oldest first. If any of them is no longer held,
 * nothing is replayed: a partial replay would leave the client silently wrong, while "too old"
 * tells it to fetch the full state.
 */
public final class Catchup {

    public static final String TOO_OLD = "Sequence too old, full refresh required";
    public static final String AHEAD = "Sequence ahead of server, full refresh required";

    public sealed interface Plan permits Replay, Refused {}

    public record Replay(List<History.Entry> events, List<String> rooms) implements Plan {}

    public record Refused(String error) implements Plan {}

    private final Broadcaster broadcaster;

    public Catchup(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    /** Checks that every requested room is one the box has: playlists, nfc or playlist:{id}. */
    public static Optional<String> invalidRoom(List<String> rooms) {
        for (String room : rooms) {
            boolean known = room.equals(Rooms.PLAYLISTS)
                    || room.equals(Rooms.NFC)
                    || Rooms.playlistIdOf(room)
                            .filter(id -> !id.isBlank() && id.length() <= 100)
                            .isPresent();
            if (!known) {
                return Optional.of("Unknown room: " + (room.length() > 60 ? room.substring(0, 60) + "..." : room));
            }
        }
        return Optional.empty();
    }

    /** Box thread only. */
    public Plan plan(long lastGlobalSeq, Map<String, Long> lastPlaylistSeqs, List<String> rooms) {
        if (lastGlobalSeq > broadcaster.currentSeq()) {
            return new Refused(AHEAD);
        }
        List<History.Entry> missed = new ArrayList<>();
        for (String room : rooms) {
            Optional<String> playlistId = Rooms.playlistIdOf(room);
            Long playlistSeq = playlistId.map(lastPlaylistSeqs::get).orElse(null);
            Optional<List<History.Entry>> events = playlistSeq != null
                    ? broadcaster.history().since(room, playlistSeq, true)
                    : broadcaster.history().since(room, lastGlobalSeq, false);
            if (events.isEmpty()) {
                return new Refused(TOO_OLD);
            }
            missed.addAll(events.get());
        }
        missed.sort(Comparator.comparingLong(History.Entry::serverSeq));
        return new Replay(missed, List.copyOf(rooms));
    }
}
