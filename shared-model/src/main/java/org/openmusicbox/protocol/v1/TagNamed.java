package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of {@code state:tag_named}: a parent gave a tag a name ("Lion card"), so every page shows it instead of
 * the tag's id. The name belongs to the physical tag; {@code playlist_id} is the playlist it starts now, if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagNamed(String tagId, String name, String playlistId) implements StateEvent {

    @Override
    public String event() {
        return Events.STATE_TAG_NAMED;
    }
}
