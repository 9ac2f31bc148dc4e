package org.openmusicbox.edge.library;

import java.util.List;
import java.util.Optional;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;

/**
 * The box's playlists and tracks. Every write is one transaction: it either happens whole or not at
 * all. Track numbers of a playlist are always dense, 1..n, after any write.
 * Only the box's single writer thread calls the writing methods.
 */
public interface Library {

    /** Playlists in creation order, one page; {@code total} is the true count of all playlists. */
    PlaylistPage page(int page, int limit);

    /** Every playlist without tracks, in creation order. */
    List<PlaylistLite> summaries();

    Optional<Playlist> playlist(String id);

    int count();

    Playlist create(String title, String description);

    /** Changes the given fields (null leaves a field as it is); empty when the playlist is unknown. */
    Optional<Playlist> update(String id, String title, String description);

    /** Deletes the playlist, its tracks and their audio files; false when it is unknown. */
    boolean delete(String id);

    /**
     * Renumbers the playlist's tracks in the given order of track ids, which must name each track of
     * the playlist exactly once ({@link IllegalArgumentException} otherwise).
     */
    Optional<Playlist> reorder(String playlistId, List<String> trackIds);

    /**
     * Deletes the tracks with these numbers and their audio files, then renumbers the rest densely.
     * A number the playlist does not have is an {@link IllegalArgumentException} and deletes nothing.
     */
    Optional<Playlist> deleteTracks(String playlistId, List<Integer> trackNumbers);

    /**
     * Moves track {@code trackNumber} of the source to position {@code targetPosition} (1-based; null
     * appends) of the target, renumbering both. {@link IllegalArgumentException} for an unknown track
     * number or a position outside 1..n+1; empty when either playlist is unknown.
     */
    Optional<TrackMove> moveTrack(String sourceId, String targetId, int trackNumber, Integer targetPosition);

    /** The playlist this tag is linked to, if any. Tag ids are lowercase hex. */
    Optional<PlaylistLite> playlistForTag(String tagId);

    /**
     * Links the tag to the playlist, taking it away from any other playlist first: a tag starts one
     * playlist only. Replaces the playlist's previous tag. Empty when the playlist is unknown.
     */
    Optional<Playlist> linkTag(String playlistId, String tagId);

    /** Removes the tag's link; empty when no playlist had it, else the playlist it was taken from. */
    Optional<Playlist> unlinkTag(String tagId);

    /**
     * Appends a track whose audio file is already in place under {@link #mediaDir()}. The track's
     * {@code filePath} is kept, and sent, relative to the media directory.
     */
    Optional<Track> addTrack(String playlistId, NewTrack track);

    /**
     * Applies one page of the cloud's change log in one transaction (docs/sync.md): per field the higher stamp
     * wins, a change that loses or is already here changes nothing, every stamp reaches the box's clock, the
     * rows come to show what the model's view shows, and the cloud cursor moves to {@code lastSeq} (never back).
     * Nothing goes to the outbox. Audio files the box uploaded itself and no remaining track uses are deleted
     * after the commit.
     */
    CloudApplied applyFromCloud(long lastSeq, List<org.openmusicbox.protocol.v1.sync.FieldChange> changes);

    /**
     * Links a track to its cover picture, a file under {@link #mediaDir()} (relative to it); joins the caller's
     * transaction when there is one. False when the track is gone.
     */
    boolean linkCover(String trackId, String file);

    /** The cover of a track, relative to {@link #mediaDir()}; empty when it has none or there is no such track. */
    Optional<String> trackCover(String trackId);

    /** The cover of the first track, in order, that has one; empty when none has or there is no such playlist. */
    Optional<String> playlistCover(String playlistId);

    /** The tags that start a playlist, with the names parents gave them. */
    List<LinkedTag> linkedTags();

    /** Keeps a parent's name for a tag, by its uid (lowercase hex); box-local, never synced. */
    void nameTag(String tagId, String name);

    /** The seq of the last entry of the cloud's change log applied here; 0 before the first. */
    long cloudCursor();

    /** Where audio files live, beside the database. */
    java.nio.file.Path mediaDir();

    /** True when the database answers a trivial query. */
    boolean healthy();

    record PlaylistPage(List<Playlist> playlists, int page, int limit, int total) {
        public int totalPages() {
            return limit == 0 ? 0 : (total + limit - 1) / limit;
        }
    }

    record TrackMove(Playlist source, Playlist target, Track track) {}

    /** A tag that starts a playlist; {@code name} is null until a parent names it. */
    record LinkedTag(String tagId, String name, String playlistId, String playlistTitle) {}

    /**
     * @param sha256 the file's content hash when it is to go up to the cloud's media store (a LAN upload): the
     *     track and the pending upload are then written in one transaction; null for none
     */
    record NewTrack(
            String title,
            String filename,
            String filePath,
            long durationMs,
            String artist,
            String album,
            long fileSize,
            String sha256) {

        public NewTrack(
                String title,
                String filename,
                String filePath,
                long durationMs,
                String artist,
                String album,
                long fileSize) {
            this(title, filename, filePath, durationMs, artist, album, fileSize, null);
        }
    }
}
