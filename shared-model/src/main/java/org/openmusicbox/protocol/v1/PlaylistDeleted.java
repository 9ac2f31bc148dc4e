package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of {@code state:playlist_deleted}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaylistDeleted(String playlistId, String message, String operation) implements StateEvent {

    public static final String OPERATION = "delete";

    @Override
    public String event() {
        return Events.STATE_PLAYLIST_DELETED;
    }
}
