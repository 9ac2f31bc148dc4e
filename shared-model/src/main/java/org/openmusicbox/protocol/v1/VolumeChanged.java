package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of {@code state:volume_changed}; volume is 0 to 100. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeChanged(int volume, Boolean muted) implements StateEvent {

    @Override
    public String event() {
        return Events.STATE_VOLUME_CHANGED;
    }
}
