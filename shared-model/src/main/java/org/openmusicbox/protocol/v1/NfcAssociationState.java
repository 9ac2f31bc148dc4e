package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code nfc_association_state}, the user-facing view of an association session. {@code expires_at} is an
 * ISO-8601 string. On {@code duplicate}, {@code existing_playlist} names the playlist the tag already
 * belongs to so the UI can offer an override.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NfcAssociationState(
        String state,
        String assocId,
        String playlistId,
        String tagId,
        String message,
        String expiresAt,
        ExistingPlaylist existingPlaylist,
        long serverSeq) implements NumberedEvent {

    public static final String ACTIVATED = "activated";
    public static final String WAITING = "waiting";
    public static final String SUCCESS = "success";
    public static final String DUPLICATE = "duplicate";
    public static final String TIMEOUT = "timeout";
    public static final String CANCELLED = "cancelled";
    public static final String ERROR = "error";

    public record ExistingPlaylist(String id, String title) {
    }

    @Override
    public String event() {
        return Events.NFC_ASSOCIATION_STATE;
    }
}
