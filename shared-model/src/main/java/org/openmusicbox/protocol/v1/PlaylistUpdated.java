package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data of {@code state:playlist_updated}. Carries the whole playlist because the frontend replaces its copy
 * rather than patching it; {@code updates} lists only the fields the request changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaylistUpdated(String playlistId, Playlist playlist, Map<String, Object> updates, String operation)
        implements StateEvent {

    public static final String OPERATION = "update";

    public PlaylistUpdated {
        // Not Map.copyOf: an update may legitimately set a field to null (e.g. clearing the description).
        updates = updates == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(updates));
    }

    @Override
    public String event() {
        return Events.STATE_PLAYLIST_UPDATED;
    }
}
