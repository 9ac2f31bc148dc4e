package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload of {@code start_nfc_link}; without {@code timeout_s} the server uses its default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartNfcLink(String playlistId, Integer timeoutS, String clientOpId) {}
