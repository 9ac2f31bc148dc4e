package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Data of {@code state:playlists}; {@code operation} is set only when the list is re-sent after a change such as a sync. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaylistsSnapshot(List<PlaylistLite> playlists, String operation) implements StateEvent {

    public PlaylistsSnapshot {
        playlists = List.copyOf(playlists);
    }

    @Override
    public String event() {
        return Events.STATE_PLAYLISTS;
    }
}
