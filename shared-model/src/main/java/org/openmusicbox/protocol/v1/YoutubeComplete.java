package org.openmusicbox.protocol.v1;

/** {@code youtube:complete}. */
public record YoutubeComplete(String taskId, Track track, String playlistId) {}
