package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of {@code stop_nfc_link}. The documentation identifies the session by {@code assoc_id}, the
 * contract and the frontend by {@code playlist_id}; either is accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StopNfcLink(String assocId, String playlistId, String clientOpId) {}
