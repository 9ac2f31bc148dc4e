package org.openmusicbox.edge.upload;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
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
    private final JsonCodec codec;
    private final Consumer<String> playlistChanged;
    private final ProgressEvents progress;

    /** @param playlistChanged told the id of a playlist that got a track (the player) */
    public UploadEvents(Broadcaster broadcaster, Inbox inbox, JsonCodec codec, Consumer<String> playlistChanged) {
        this.broadcaster = broadcaster;
        this.inbox = inbox;
        this.codec = codec;
        this.playlistChanged = playlistChanged;
        this.progress = new ProgressEvents(inbox, p -> toRoom(p.playlistId(), Events.UPLOAD_PROGRESS, p),
                System::nanoTime);
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
        toRoom(playlistId, Events.UPLOAD_ERROR, new UploadError(playlistId, sessionId, message));
    }

    /** Box thread: the session's file is now {@code track} in its playlist (as it is now, if it still exists). */
    void added(UploadSession s, Map<String, Object> metadata, Track track, Optional<Playlist> playlist) {
        String playlistId = s.playlistId();
        progress.forget(s.id());
        toRoom(playlistId, Events.UPLOAD_COMPLETE, new UploadComplete(playlistId, s.id(), s.filename(), metadata,
                track));
        broadcaster.toPlaylist(playlistId, new TrackAdded(playlistId, track));
        playlist.ifPresent(p -> broadcaster.toPlaylists(
                new PlaylistUpdated(p.id(), p, Map.of("track_count", p.trackCount()), "add_track")));
        playlistChanged.accept(playlistId);
    }

    /** {@code upload:*} events are plain payloads, not numbered state. Box thread only. */
    private void toRoom(String playlistId, String event, Object payload) {
        broadcaster.fanout().toRoom(Rooms.playlist(playlistId), event, new EncodedJson(codec.toJson(payload)));
    }
}
