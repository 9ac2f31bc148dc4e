package org.openmusicbox.protocol.v1;

/**
 * The data of a {@code state:*} event, which knows its own event name, so that the box broadcasts
 * one typed stream instead of pairs of a name and an untyped payload. Sealed so that a mirror of
 * the stream (MQTT, a relay) can switch over every kind without a default branch.
 */
public sealed interface StateEvent
        permits PlayerState,
                TrackPosition,
                PlaylistsSnapshot,
                Playlist,
                PlaylistCreated,
                PlaylistUpdated,
                PlaylistDeleted,
                TrackAdded,
                TrackDeleted,
                VolumeChanged,
                TagNamed {

    /** The Socket.IO event name, which is also the envelope's {@code event_type}. Not part of the JSON. */
    String event();
}
