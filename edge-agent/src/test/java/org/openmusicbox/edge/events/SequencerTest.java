package org.openmusicbox.edge.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.fake.MemorySequenceStore;

class SequencerTest {

    @Test
    void numbersRiseByOneAndTheDiskIsWrittenOncePerBlock() {
        MemorySequenceStore store = new MemorySequenceStore(0);
        Sequencer sequencer = new Sequencer(store);
        for (long expected = 1; expected <= Sequencer.BLOCK + 1; expected++) {
            assertEquals(expected, sequencer.next());
        }
        assertEquals(2, store.saves().size(), "one save per block of " + Sequencer.BLOCK);
        assertTrue(store.load() >= sequencer.current(), "saved mark covers every number handed out");
    }

    @Test
    void aRestartResumesAboveEveryNumberHandedOut() {
        MemorySequenceStore store = new MemorySequenceStore(0);
        Sequencer before = new Sequencer(store);
        long last = 0;
        for (int i = 0; i < 1234; i++) {
            last = before.next();
        }
        Sequencer after = new Sequencer(store);
        assertTrue(after.current() >= last, "current after restart " + after.current() + " < " + last);
        assertTrue(after.next() > last);
    }

    @Test
    void playlistSequencesAreSeparateAndNeverGoBackAcrossARestart() {
        MemorySequenceStore store = new MemorySequenceStore(0);
        Sequencer before = new Sequencer(store);
        assertEquals(1, before.nextPlaylistSeq("a"));
        assertEquals(2, before.nextPlaylistSeq("a"));
        assertEquals(1, before.nextPlaylistSeq("b"));
        before.next();
        Sequencer after = new Sequencer(store);
        assertTrue(after.currentPlaylistSeq("a") >= 2);
        assertTrue(after.nextPlaylistSeq("a") > 2);
    }
}
