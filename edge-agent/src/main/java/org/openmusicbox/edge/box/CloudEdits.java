package org.openmusicbox.edge.box;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.CloudApplied;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.sync.CloudChanges;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistCreated;
import org.openmusicbox.protocol.v1.PlaylistDeleted;
import org.openmusicbox.protocol.v1.PlaylistUpdated;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.TrackAdded;
import org.openmusicbox.protocol.v1.TrackDeleted;
import org.openmusicbox.protocol.v1.sync.FieldChange;

/**
 * Pages of the cloud's change log applied on the box thread, in the {@code DEVICE} lane (the box's own
 * housekeeping: a guest's flood cannot hold them back), then announced with the events a parent's edit sends:
 * {@code state:playlist_created}, {@code state:playlist_updated} and {@code state:playlist_deleted} to room
 * {@code playlists}, {@code state:track_added}, {@code state:track_deleted} and the full {@code state:playlist}
 * to the playlist's room; the player hears of every playlist that changed, as it does after an upload.
 */
public final class CloudEdits implements CloudChanges {

    private final Inbox inbox;
    private final Library library;
    private final Broadcaster broadcaster;
    private final Consumer<String> playlistChanged;
    private final Duration patience;

    /**
     * @param patience how long {@link #apply} waits for the box thread before it gives up on the page (which is
     *     then applied later or not at all, and fetched again either way: the cursor moves only with it)
     */
    public CloudEdits(
            Inbox inbox,
            Library library,
            Broadcaster broadcaster,
            Consumer<String> playlistChanged,
            Duration patience) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.library = Objects.requireNonNull(library, "library");
        this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
        this.playlistChanged = Objects.requireNonNull(playlistChanged, "playlistChanged");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    @Override
    public long cursor() {
        return library.cloudCursor();
    }

    @Override
    public void apply(long lastSeq, List<FieldChange> changes) {
        List<FieldChange> page = List.copyOf(changes);
        try {
            inbox.ask(Inbox.Lane.DEVICE, () -> {
                        announce(library.applyFromCloud(lastSeq, page));
                        return null;
                    })
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the box applied a page of the cloud's log", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the box could not apply a page of the cloud's log", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the box thread did not apply a page of the cloud's log within " + patience, e);
        }
    }

    /** Box thread: what a parent's page hears of the page just applied. */
    private void announce(CloudApplied applied) {
        for (String id : applied.deleted()) {
            broadcaster.toPlaylists(new PlaylistDeleted(id, null, "cloud_sync"));
            playlistChanged.accept(id);
        }
        for (String id : applied.created()) {
            library.playlist(id).ifPresent(p -> {
                broadcaster.toPlaylists(new PlaylistCreated(p.id(), p, "cloud_sync"));
                broadcaster.toPlaylist(p.id(), p);
            });
            playlistChanged.accept(id);
        }
        for (String id : applied.updated()) {
            library.playlist(id).ifPresent(p -> {
                List<Integer> removed = applied.tracksRemoved().getOrDefault(id, List.of());
                if (!removed.isEmpty()) {
                    broadcaster.toPlaylist(id, new TrackDeleted(id, removed));
                }
                for (Track track : added(p, applied.tracksAdded().getOrDefault(id, List.of()))) {
                    broadcaster.toPlaylist(id, new TrackAdded(id, track));
                }
                broadcaster.toPlaylists(new PlaylistUpdated(id, p, changes(p), "cloud_sync"));
                broadcaster.toPlaylist(id, p);
            });
            playlistChanged.accept(id);
        }
    }

    private static List<Track> added(Playlist playlist, List<String> ids) {
        List<Track> tracks = new ArrayList<>();
        for (Track track : playlist.tracks()) {
            if (ids.contains(track.id())) {
                tracks.add(track);
            }
        }
        return tracks;
    }

    /** The fields a cloud page may have changed, as they are now: the client takes them as the new values. */
    private static Map<String, Object> changes(Playlist p) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("title", p.title());
        changes.put("description", p.description());
        changes.put("nfc_tag_id", p.nfcTagId());
        changes.put("track_count", p.trackCount());
        return changes;
    }
}
