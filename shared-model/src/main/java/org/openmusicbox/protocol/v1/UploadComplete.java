package org.openmusicbox.protocol.v1;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code upload:complete}; {@code metadata} is what was read from the audio file, with null for unknown tags. */
public record UploadComplete(
        String playlistId, String sessionId, String filename, Map<String, Object> metadata, Track track)
        implements PlainEvent {

    public UploadComplete {
        // Not Map.copyOf: unknown tags are null values and must survive.
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    @Override
    public String event() {
        return Events.UPLOAD_COMPLETE;
    }
}
