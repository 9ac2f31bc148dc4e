package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of {@code state:track_position}: deliberately much smaller than {@link PlayerState} because it is
 * sent several times a second while playing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackPosition(long positionMs, String trackId, boolean isPlaying, Long durationMs) implements StateEvent {

    @Override
    public String event() {
        return Events.STATE_TRACK_POSITION;
    }
}
