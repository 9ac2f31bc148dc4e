package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tag-linking session stands: {@code state} of {@link NfcStatus}. */
public enum NfcLinkState {
    /** Waiting for a tag. */
    LISTENING("listening"),
    /** The tag placed already starts another playlist; the parent may override. */
    DUPLICATE("duplicate"),
    SUCCESS("success"),
    /** Ended by the parent. */
    STOPPED("stopped"),
    TIMEOUT("timeout"),
    ERROR("error");

    private final String wire;

    NfcLinkState(String wire) {
        this.wire = wire;
    }

    /** The word on the wire, which Jackson writes and reads. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
