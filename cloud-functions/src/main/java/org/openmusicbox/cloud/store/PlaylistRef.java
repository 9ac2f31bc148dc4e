package org.openmusicbox.cloud.store;

/** Names one playlist of one device: the input of {@link GetPlaylist}. */
public record PlaylistRef(String deviceId, String playlistId) {}
