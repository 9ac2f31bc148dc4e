package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the player is stopped, playing or paused: {@code state} of {@link PlayerState}. */
public enum PlaybackState {
    STOPPED("stopped"),
    PLAYING("playing"),
    PAUSED("paused");

    private final String wire;

    PlaybackState(String wire) {
        this.wire = wire;
    }

    /** The word on the wire, which Jackson writes and reads. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
