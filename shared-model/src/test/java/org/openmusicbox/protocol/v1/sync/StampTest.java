package org.openmusicbox.protocol.v1.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** (hlc, origin) is a total order: by the number, then by the origin as a string. */
class StampTest {

    @Test
    void theHigherClockWinsWhateverTheOrigin() {
        Stamp earlier = new Stamp(Hlc.pack(1_000, 5), "zz-box");
        Stamp later = new Stamp(Hlc.pack(1_000, 6), "aa-box");
        assertTrue(later.isAfter(earlier));
        assertTrue(earlier.compareTo(later) < 0);
        assertTrue(new Stamp(Hlc.pack(1_001, 0), "a").isAfter(new Stamp(Hlc.pack(1_000, 65_535), "z")));
    }

    @Test
    void theOriginBreaksATieAsAString() {
        long same = Hlc.pack(1_000, 3);
        Stamp box = new Stamp(same, "box-7");
        Stamp cloud = new Stamp(same, Stamp.CLOUD);
        assertTrue(cloud.isAfter(box), "\"cloud\" > \"box-7\"");
        assertTrue(box.compareTo(cloud) < 0);
        assertEquals(0, box.compareTo(new Stamp(same, "box-7")));
        // As strings, not as numbers: "box-10" < "box-9".
        assertTrue(new Stamp(same, "box-9").isAfter(new Stamp(same, "box-10")));
        // Case counts as in byte order: upper case sorts before lower case.
        assertTrue(new Stamp(same, "a").isAfter(new Stamp(same, "B")));
    }

    @Test
    void sortingIsTheSameFromAnyStartingOrder() {
        List<Stamp> sorted = List.of(
                new Stamp(Hlc.pack(5, 0), "b"),
                new Stamp(Hlc.pack(5, 1), "a"),
                new Stamp(Hlc.pack(5, 1), "b"),
                new Stamp(Hlc.pack(6, 0), "a"));
        List<Stamp> shuffled = new ArrayList<>(List.of(sorted.get(2), sorted.get(0), sorted.get(3), sorted.get(1)));
        shuffled.sort(null);
        assertEquals(sorted, shuffled);
    }

    @Test
    void refusesANegativeClockAndABadOrigin() {
        assertThrows(IllegalArgumentException.class, () -> new Stamp(-1, "box"));
        assertThrows(IllegalArgumentException.class, () -> new Stamp(1, null));
        assertThrows(IllegalArgumentException.class, () -> new Stamp(1, ""));
        assertThrows(IllegalArgumentException.class, () -> new Stamp(1, "box/1"));
        assertThrows(IllegalArgumentException.class, () -> new Stamp(1, "bôx"));
    }
}
