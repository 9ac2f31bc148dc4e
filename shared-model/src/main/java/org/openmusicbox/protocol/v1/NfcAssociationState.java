package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code nfc_association_state}, the user-facing view of an association session. {@code expires_at} is an
 * ISO-8601 string. On {@code duplicate}, {@code existing_playlist} names the playlist the tag already
 * belongs to so the UI can offer an override.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NfcAssociationState(
        State state,
        String assocId,
        String playlistId,
        String tagId,
        String message,
        String expiresAt,
        ExistingPlaylist existingPlaylist,
        long serverSeq)
        implements NumberedEvent {

    /**
     * The session's state as parents' pages show it: the words of {@link NfcLinkState}, except that a session
     * the parent stopped reads {@code cancelled}, as the original's pages expect. {@code activated} and
     * {@code waiting} are the original's words for a listening session: the box never sends them but reads
     * them, so a message from the original still parses.
     */
    public enum State {
        ACTIVATED("activated"),
        WAITING("waiting"),
        LISTENING("listening"),
        DUPLICATE("duplicate"),
        SUCCESS("success"),
        CANCELLED("cancelled"),
        TIMEOUT("timeout"),
        ERROR("error");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        /** The word shown for a session in {@code link} state. */
        public static State of(NfcLinkState link) {
            return switch (link) {
                case LISTENING -> LISTENING;
                case DUPLICATE -> DUPLICATE;
                case SUCCESS -> SUCCESS;
                case STOPPED -> CANCELLED;
                case TIMEOUT -> TIMEOUT;
                case ERROR -> ERROR;
            };
        }

        /** The word on the wire, which Jackson writes and reads. */
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public record ExistingPlaylist(String id, String title) {}

    @Override
    public String event() {
        return Events.NFC_ASSOCIATION_STATE;
    }
}
