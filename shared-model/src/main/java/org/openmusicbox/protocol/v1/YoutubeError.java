package org.openmusicbox.protocol.v1;

/** {@code youtube:error}. */
public record YoutubeError(String taskId, String message) {}
