package org.openmusicbox.cloud.store;

/** One playlist in a device's list. {@code updated_at} is when the store last wrote it (ISO-8601). */
public record PlaylistSummary(
        String id, String title, String description, int trackCount, long version, String updatedAt) {}
