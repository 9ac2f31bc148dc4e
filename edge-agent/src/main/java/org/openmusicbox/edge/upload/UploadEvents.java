package org.openmusicbox.edge.upload;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.protocol.v1.PlainEvent;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistUpdated;
import org.openmusicbox.protocol.v1.Rooms;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.TrackAdded;
import org.openmusicbox.protocol.v1.UploadComplete;
import org.openmusicbox.protocol.v1.UploadError;
import org.openmusicbox.protocol.v1.UploadProgress;

/**
 * What an upload tells the phones watching its playlist: progress (paced by {@link ProgressEvents}),
 * a refusal, and the finished track with the state events it causes. Methods say which thread may
 * call them: the events themselves are sent on the box thread only.
 */
public final class UploadEvents {

    private final Broadcaster broadcaster;
    private final Inbox inbox;
    private final Consumer<String> playlistChanged;
    private final ProgressEvents progress;

    /** @param playlistChanged told the id of a playlist that got a track (the player) */
    public UploadEvents(Broadcaster broadcaster, Inbox inbox, Consumer<String> playlistChanged) {
        this.broadcaster = broadcaster;
        this.inbox = inbox;
        this.playlistChanged = playlistChanged;
        this.progress = new ProgressEvents(inbox, p -> toRoom(p.playlistId(), p), System::nanoTime);
    }

    /** Any thread: a chunk was stored. */
    void chunkStored(UploadProgress event) {
        inbox.post(Inbox.Lane.PARENT, () -> progress.chunkStored(event));
    }

    /** Any thread: the session ended (cancelled, cleaned); nothing more is sent for it. */
    void ended(String sessionId) {
        inbox.post(Inbox.Lane.PARENT, () -> progress.forget(sessionId));
    }

    /** Any thread: finalize refused the upload. */
    void failed(String playlistId, String sessionId, String message) {
        inbox.post(Inbox.Lane.PARENT, () -> {
            progress.forget(sessionId);
            refused(playlistId, sessionId, message);
        });
    }

    /** Box thread: the track could not be added. */
    void refused(String playlistId, String sessionId, String message) {
        toRoom(playlistId, new UploadError(playlistId, sessionId, message));
    }

    /** Box thread: the session's file is now {@code track} in its playlist (as it is now, if it still exists). */
    void added(UploadSession s, Map<String, Object> metadata, Track track, Optional<Playlist> playlist) {
        String playlistId = s.playlistId();
        progress.forget(s.id());
        toRoom(playlistId, new UploadComplete(playlistId, s.id(), s.filename(), metadata, track));
        broadcaster.toPlaylist(playlistId, new TrackAdded(playlistId, track));
        playlist.ifPresent(p -> broadcaster.toPlaylists(
                new PlaylistUpdated(p.id(), p, Map.of("track_count", p.trackCount()), "add_track")));
        playlistChanged.accept(playlistId);
    }

    /** {@code upload:*} events are plain payloads, not numbered state. Box thread only. */
    private void toRoom(String playlistId, PlainEvent event) {
        broadcaster.toRoomLive(Rooms.playlist(playlistId), event);
    }
}
