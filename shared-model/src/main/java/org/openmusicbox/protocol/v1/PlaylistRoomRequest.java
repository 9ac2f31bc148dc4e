package org.openmusicbox.protocol.v1;

/** Payload of {@code join:playlist} and {@code leave:playlist}. */
public record PlaylistRoomRequest(String playlistId) {}
