package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code nfc_status}, sent to the {@code nfc:{assoc_id}} room of one association session. Times are
 * ISO-8601 strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NfcStatus(
        String assocId,
        NfcLinkState state,
        String playlistId,
        String tagId,
        String conflictPlaylistId,
        String startedAt,
        String timeoutAt,
        long serverSeq)
        implements NumberedEvent {

    @Override
    public String event() {
        return Events.NFC_STATUS;
    }
}
