package org.openmusicbox.edge.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.EncodedJson;

class HistoryTest {

    private static History.Entry entry(String room, long seq) {
        return new History.Entry(room, "state:x", new EncodedJson("{\"n\":" + seq + "}"), seq, null);
    }

    @Test
    void returnsExactlyTheEventsAfterTheGivenSequenceInOrder() {
        History history = new History(10, 0);
        for (long seq = 1; seq <= 8; seq++) {
            history.add(entry(seq % 2 == 0 ? "playlists" : "nfc", seq));
        }
        List<History.Entry> missed = history.since("playlists", 3, false).orElseThrow();
        assertEquals(
                List.of(4L, 6L, 8L),
                missed.stream().map(History.Entry::serverSeq).toList());
    }

    @Test
    void refusesWhenAMissedEventWasDropped() {
        History history = new History(3, 0);
        for (long seq = 1; seq <= 5; seq++) {
            history.add(entry("playlists", seq));
        }
        assertTrue(history.since("playlists", 1, false).isEmpty(), "event 2 was dropped");
        assertEquals(3, history.since("playlists", 2, false).orElseThrow().size());
    }

    @Test
    void afterARestartNothingBeforeTheFloorCanBeReplayed() {
        History history = new History(100, 1000);
        history.add(entry("playlists", 1001));
        assertTrue(history.since("playlists", 999, false).isEmpty());
        assertEquals(1, history.since("playlists", 1000, false).orElseThrow().size());
    }

    @Test
    void aRoomNobodyWroteToHasNothingMissed() {
        History history = new History(10, 0);
        assertEquals(List.of(), history.since("playlist:abc", 0, true).orElseThrow());
    }
}
