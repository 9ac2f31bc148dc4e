package org.openmusicbox.cloud.sync;

/**
 * The answer to a {@link LibraryEdit}: where it is in the box's log and the stamp it got ({@code hlc} a decimal
 * string, as on the wire). The value is the caller's own, so it is not repeated.
 */
public record LoggedEdit(long seq, String changeId, String hlc, String origin) {}
