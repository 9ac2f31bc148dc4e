package org.openmusicbox.edge.library;

import java.util.List;
import java.util.Map;

/**
 * What one page of the cloud's change log did to the box's playlists, for the events a parent's edit would send:
 * playlists that appeared (a placeholder for one a track names counts), changed or went, and per playlist the
 * tracks that came in (ids) and the numbers the tracks that left had before the page.
 */
public record CloudApplied(
        List<String> created,
        List<String> updated,
        List<String> deleted,
        Map<String, List<String>> tracksAdded,
        Map<String, List<Integer>> tracksRemoved) {

    public CloudApplied {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
        tracksAdded = Map.copyOf(tracksAdded);
        tracksRemoved = Map.copyOf(tracksRemoved);
    }
}
