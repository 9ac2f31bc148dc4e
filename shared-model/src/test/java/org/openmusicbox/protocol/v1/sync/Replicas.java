package org.openmusicbox.protocol.v1.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers for the sync tests: replicas on hand-set wall clocks, and delivering changes between them. */
final class Replicas {

    static final long T = Instant.parse("2026-11-26T08:15:02Z").toEpochMilli();

    private Replicas() {}

    /** A wall clock the test sets by hand. */
    static final class Wall {
        long millis;

        Wall(long millis) {
            this.millis = millis;
        }
    }

    static Replica replica(String origin, Wall wall) {
        return new Replica(origin, new Hlc(() -> wall.millis));
    }

    static void deliver(Replica to, List<FieldChange> changes) {
        changes.forEach(to::apply);
    }

    static void assertSameLibrary(Replica a, Replica b) {
        assertEquals(a.state(), b.state(), a.origin() + " and " + b.origin() + " hold different states");
        assertEquals(a.view(), b.view(), a.origin() + " and " + b.origin() + " show different views");
    }

    static List<String> trackIds(View.PlaylistView playlist) {
        return playlist.tracks().stream().map(View.TrackView::id).collect(Collectors.toList());
    }

    static View.PlaylistView playlist(View view, String id) {
        return view.playlists().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("playlist " + id + " is not shown: " + view));
    }

    static boolean shows(View view, String playlistId) {
        return view.playlists().stream().anyMatch(p -> p.id().equals(playlistId));
    }
}
