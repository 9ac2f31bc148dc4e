package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload of {@code override_nfc_tag}; without {@code tag_id} the server waits for the next scanned tag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OverrideNfcTag(String tagId, String playlistId, Boolean force, String clientOpId) {}
