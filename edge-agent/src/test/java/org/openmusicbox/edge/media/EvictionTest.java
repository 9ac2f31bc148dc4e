package org.openmusicbox.edge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvictionTest {

    private static MediaBook.Entry file(String sha, long size, long lastUse) {
        return new MediaBook.Entry(sha, "mp3", size, true, lastUse);
    }

    @Test
    void takesTheLeastRecentlyUsedUntilEnoughIsFree() {
        List<MediaBook.Entry> files = List.of(file("c", 10, 3), file("a", 10, 1), file("b", 10, 2));

        assertEquals(List.of(files.get(1), files.get(2)), Eviction.victims(files, Set.of(), 15));
        assertEquals(List.of(), Eviction.victims(files, Set.of(), 0));
    }

    @Test
    void skipsKeptFilesAndRefusesWhenTheRestIsNotEnough() {
        List<MediaBook.Entry> files = List.of(file("a", 10, 1), file("b", 10, 2), file("c", 10, 3));

        assertEquals(List.of(files.get(1)), Eviction.victims(files, Set.of("a"), 5));
        assertNull(Eviction.victims(files, Set.of("a", "b"), 11));
    }
}
