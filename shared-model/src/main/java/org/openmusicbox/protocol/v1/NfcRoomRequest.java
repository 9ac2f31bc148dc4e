package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload of {@code join:nfc}. The frontend sends {@code {}}, so {@code assoc_id} may be missing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NfcRoomRequest(String assocId) {}
