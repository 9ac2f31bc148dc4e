package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One change to one entity of a device's library. {@code version} rises with every change of that entity on
 * the device; the cloud applies a change only when its version is above the stored one, and a delete leaves a
 * tombstone with its version. {@code change_id} makes the change idempotent. {@code changed_at} is an ISO-8601
 * instant.
 *
 * <p>An upsert carries the fields of its entity ({@code playlist}, {@code track} or {@code tag}, whichever
 * matches {@code entity}); a delete may leave them out. Fields of another entity are refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LibraryChange(
        String changeId,
        Entity entity,
        String entityId,
        long version,
        Op op,
        String changedAt,
        PlaylistFields playlist,
        TrackFields track,
        TagFields tag) {

    public LibraryChange {
        Check.present(changeId, "change_id");
        Check.required(entity, "entity");
        Check.present(entityId, "entity_id");
        Check.nonNegative(version, "version");
        Check.required(op, "op");
        Check.instant(changedAt, "changed_at");
        fieldsMatch(entity, Entity.PLAYLIST, playlist, "playlist", op);
        fieldsMatch(entity, Entity.TRACK, track, "track", op);
        fieldsMatch(entity, Entity.TAG, tag, "tag", op);
    }

    public static LibraryChange upsert(
            String changeId, String entityId, long version, String changedAt, PlaylistFields playlist) {
        return new LibraryChange(
                changeId, Entity.PLAYLIST, entityId, version, Op.UPSERT, changedAt, playlist, null, null);
    }

    public static LibraryChange upsert(
            String changeId, String entityId, long version, String changedAt, TrackFields track) {
        return new LibraryChange(changeId, Entity.TRACK, entityId, version, Op.UPSERT, changedAt, null, track, null);
    }

    public static LibraryChange upsert(
            String changeId, String entityId, long version, String changedAt, TagFields tag) {
        return new LibraryChange(changeId, Entity.TAG, entityId, version, Op.UPSERT, changedAt, null, null, tag);
    }

    public static LibraryChange delete(
            String changeId, Entity entity, String entityId, long version, String changedAt) {
        return new LibraryChange(changeId, entity, entityId, version, Op.DELETE, changedAt, null, null, null);
    }

    private static void fieldsMatch(Entity entity, Entity owner, Object fields, String name, Op op) {
        if (entity == owner) {
            if (op == Op.UPSERT && fields == null) {
                throw new IllegalArgumentException(name + " must be set for an upsert of a " + owner.wire());
            }
        } else if (fields != null) {
            throw new IllegalArgumentException(name + " must not be set for a change of a " + entity.wire());
        }
    }

    /** The playlist's fields in an upsert; {@code description} may be absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlaylistFields(String title, String description) {

        public PlaylistFields {
            Check.required(title, "playlist.title");
        }
    }

    /**
     * The track's fields in an upsert. {@code object_key} and {@code sha256} are absent until the file is in the
     * media store; {@code artist} and {@code album} when the file has no such tag.
     *
     * <p>A change, not a {@link CloudTrack}: the track's id is the change's {@code entity_id}, so it has none of
     * its own, and there is no {@code format}, because the box does not claim one: the cloud finds it in the
     * file's bytes when it stores the file. The cloud keeps its own {@code object_key}, {@code sha256},
     * {@code duration_ms} and {@code file_size} when a change leaves them out (null, or 0).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrackFields(
            String playlistId,
            int trackNumber,
            String title,
            String artist,
            String album,
            long durationMs,
            String objectKey,
            String sha256,
            long fileSize) {

        public TrackFields {
            Check.present(playlistId, "track.playlist_id");
            Check.positive(trackNumber, "track.track_number");
            Check.required(title, "track.title");
            Check.nonNegative(durationMs, "track.duration_ms");
            Check.sha256(sha256, "track.sha256");
            Check.nonNegative(fileSize, "track.file_size");
        }
    }

    /** An NFC tag's link in an upsert: the tag ({@code entity_id} is its UID) plays this playlist. */
    public record TagFields(String playlistId) {

        public TagFields {
            Check.present(playlistId, "tag.playlist_id");
        }
    }
}
