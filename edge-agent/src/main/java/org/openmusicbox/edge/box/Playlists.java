package org.openmusicbox.edge.box;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistCreated;
import org.openmusicbox.protocol.v1.PlaylistDeleted;
import org.openmusicbox.protocol.v1.PlaylistUpdated;
import org.openmusicbox.protocol.v1.PlaylistsSnapshot;
import org.openmusicbox.protocol.v1.TrackDeleted;

/**
 * What a parent can do to playlists, and the events each change announces. Runs on the box thread
 * (called through {@link Operations}); a refused change throws {@link BoxError} before anything is
 * written, so a bad request changes nothing.
 *
 * <p>Which room hears what: room {@code playlists} hears about the collection (created, updated,
 * deleted, a new snapshot); room {@code playlist:{id}} hears the playlist's full new content and
 * its track-level changes. A client in both rooms therefore never gets one change twice.
 */
public final class Playlists {

    public static final int MAX_TITLE = 255;
    public static final int MAX_DESCRIPTION = 1000;

    private final Library library;
    private final Broadcaster broadcaster;
    private final Consumer<String> changed;

    /** @param changed told the id of every playlist that changed or was deleted (the player) */
    public Playlists(Library library, Broadcaster broadcaster, Consumer<String> changed) {
        this.library = library;
        this.broadcaster = broadcaster;
        this.changed = changed;
    }

    public Playlist create(String title, String description) {
        String cleanTitle = title(title);
        String cleanDescription = description(description);
        Playlist created = library.create(cleanTitle, cleanDescription == null ? "" : cleanDescription);
        broadcaster.toPlaylists(new PlaylistCreated(created.id(), created, "create"));
        return created;
    }

    public Playlist update(String id, String title, String description) {
        if (title == null && description == null) {
            throw BoxError.badRequest("No valid updates provided: give a title or a description");
        }
        String cleanTitle = title == null ? null : title(title);
        String cleanDescription = description(description);
        Playlist updated =
                library.update(id, cleanTitle, cleanDescription).orElseThrow(() -> BoxError.notFound("Playlist", id));
        Map<String, Object> changes = new LinkedHashMap<>();
        if (cleanTitle != null) {
            changes.put("title", cleanTitle);
        }
        if (cleanDescription != null) {
            changes.put("description", cleanDescription);
        }
        announceChanged(updated, changes, "update");
        // The player holds the playlist it plays, title included: it reloads it and says so (state:player).
        changed.accept(id);
        return updated;
    }

    public String delete(String id) {
        if (!library.delete(id)) {
            throw BoxError.notFound("Playlist", id);
        }
        // The playlist room's history is kept, so that a client that watched it can still catch up
        // on what happened before the deletion, which room playlists announces.
        broadcaster.toPlaylists(new PlaylistDeleted(id, null, "delete"));
        changed.accept(id);
        return id;
    }

    public Playlist reorder(String id, List<String> trackIds) {
        Playlist reordered;
        try {
            reordered = library.reorder(id, trackIds).orElseThrow(() -> BoxError.notFound("Playlist", id));
        } catch (IllegalArgumentException e) {
            throw BoxError.invalid(e.getMessage());
        }
        broadcaster.toPlaylist(id, reordered);
        changed.accept(id);
        return reordered;
    }

    public Playlist deleteTracks(String id, List<Integer> trackNumbers) {
        if (trackNumbers.isEmpty()) {
            throw BoxError.invalid("track_numbers must name at least one track");
        }
        Playlist after;
        try {
            after = library.deleteTracks(id, trackNumbers).orElseThrow(() -> BoxError.notFound("Playlist", id));
        } catch (IllegalArgumentException e) {
            throw BoxError.invalid(e.getMessage());
        }
        broadcaster.toPlaylist(id, new TrackDeleted(id, List.copyOf(trackNumbers)));
        announceChanged(after, Map.of("track_count", after.trackCount()), "delete_tracks");
        announceIfGone(id, "delete_tracks");
        changed.accept(id);
        return after;
    }

    /**
     * The numbers the tracks {@code trackIds} have in playlist {@code id} now. A client that names tracks by id (the
     * page, a phone away) deletes or moves the track it saw, even when another change renumbered the playlist since;
     * an id the playlist does not hold is refused, so nothing else is touched.
     */
    public List<Integer> numbersOf(String id, List<String> trackIds) {
        Playlist playlist = library.playlist(id).orElseThrow(() -> BoxError.notFound("Playlist", id));
        List<Integer> numbers = new java.util.ArrayList<>();
        for (String trackId : trackIds) {
            numbers.add(playlist.tracks().stream()
                    .filter(track -> track.id().equals(trackId))
                    .findFirst()
                    .orElseThrow(() -> BoxError.notFound("Track", trackId))
                    .trackNumber());
        }
        return numbers;
    }

    public Library.TrackMove move(String sourceId, String targetId, int trackNumber, Integer targetPosition) {
        Library.TrackMove move;
        try {
            move = library.moveTrack(sourceId, targetId, trackNumber, targetPosition)
                    .orElseThrow(() -> library.playlist(sourceId).isEmpty()
                            ? BoxError.notFound("Playlist", sourceId)
                            : BoxError.notFound("Playlist", targetId));
        } catch (IllegalArgumentException e) {
            throw BoxError.invalid(e.getMessage());
        }
        if (sourceId.equals(targetId)) {
            broadcaster.toPlaylist(sourceId, move.target());
        } else {
            announceChanged(move.source(), Map.of("track_count", move.source().trackCount()), "move_track");
            announceChanged(move.target(), Map.of("track_count", move.target().trackCount()), "move_track");
            announceIfGone(sourceId, "move_track");
        }
        changed.accept(sourceId);
        changed.accept(targetId);
        return move;
    }

    /**
     * Links a tag to a playlist, taking it from the playlist that had it, and announces both
     * changes. Empty when the playlist is unknown.
     */
    public java.util.Optional<Playlist> linkTag(String playlistId, String tagId) {
        var previous = library.playlistForTag(tagId).filter(p -> !p.id().equals(playlistId));
        var linked = library.linkTag(playlistId, tagId);
        linked.ifPresent(playlist -> {
            previous.flatMap(p -> library.playlist(p.id()))
                    .ifPresent(p -> announceChanged(p, nfcChange(null), "unlink_tag"));
            announceChanged(playlist, nfcChange(tagId), "link_tag");
        });
        return linked;
    }

    /** Removes a tag's link; empty when no playlist had it. */
    public java.util.Optional<Playlist> unlinkTag(String tagId) {
        var from = library.unlinkTag(tagId);
        from.ifPresent(p -> announceChanged(p, nfcChange(null), "unlink_tag"));
        return from;
    }

    private static Map<String, Object> nfcChange(String tagId) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("nfc_tag_id", tagId);
        return change;
    }

    /** Sends every client in {@code playlists} the whole collection again. */
    public int resend() {
        var all = library.summaries();
        broadcaster.toPlaylists(new PlaylistsSnapshot(all, "sync"));
        return all.size();
    }

    /**
     * A playlist deleted in the cloud stays while it has a track added here meanwhile; its last track gone, it goes
     * too (docs/sync.md), and the pages hear so.
     */
    private void announceIfGone(String id, String operation) {
        if (library.playlist(id).isEmpty()) {
            broadcaster.toPlaylists(new PlaylistDeleted(id, null, operation));
        }
    }

    private void announceChanged(Playlist playlist, Map<String, Object> changes, String operation) {
        broadcaster.toPlaylists(new PlaylistUpdated(playlist.id(), playlist, changes, operation));
        broadcaster.toPlaylist(playlist.id(), playlist);
    }

    private static String title(String title) {
        String trimmed = title == null ? "" : title.strip();
        List<BoxError.FieldProblem> problems = new ArrayList<>();
        if (trimmed.isEmpty()) {
            problems.add(new BoxError.FieldProblem("title", "Title must not be empty"));
        } else if (trimmed.length() > MAX_TITLE) {
            problems.add(new BoxError.FieldProblem("title", "Title too long (max " + MAX_TITLE + " chars)"));
        } else if (ClientText.problem("title", trimmed, false) != null) {
            problems.add(new BoxError.FieldProblem("title", ClientText.problem("title", trimmed, false)));
        }
        if (!problems.isEmpty()) {
            throw BoxError.invalid(problems);
        }
        return trimmed;
    }

    private static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                    "description", "Description too long (max " + MAX_DESCRIPTION + " chars)")));
        }
        return ClientText.require("description", description, true);
    }
}
