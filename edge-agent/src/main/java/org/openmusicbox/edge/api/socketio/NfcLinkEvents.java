package org.openmusicbox.edge.api.socketio;

import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.TagLinking;
import org.openmusicbox.protocol.v1.Events;

/**
 * The linking events a parent's page sends ({@code start_nfc_link}, {@code stop_nfc_link},
 * {@code override_nfc_tag}). Each is an operation: the caller gets {@code ack:op} or {@code err:op},
 * and the session's progress arrives as {@code nfc_status} and {@code nfc_association_state}.
 */
public final class NfcLinkEvents {

    private final SocketOperations operations;
    private final TagLinking linking;

    public NfcLinkEvents(SocketOperations operations, TagLinking linking) {
        this.operations = operations;
        this.linking = linking;
    }

    public void register() {
        operations.on(Events.START_NFC_LINK, p -> {
            String playlistId = p.requiredId("playlist_id");
            Integer timeout = p.optionalInt("timeout_s", TagLinking.MIN_TIMEOUT_S, TagLinking.MAX_TIMEOUT_S);
            return () -> linking.start(playlistId, timeout);
        });
        operations.on(Events.STOP_NFC_LINK, p -> {
            String assocId = p.optionalString("assoc_id", Payload.MAX_ID);
            String playlistId = p.optionalString("playlist_id", Payload.MAX_ID);
            if (assocId == null && playlistId == null) {
                p.requiredId("assoc_id");
            }
            return () -> linking.stop(assocId, playlistId);
        });
        operations.on(Events.OVERRIDE_NFC_TAG, p -> {
            String playlistId = p.requiredId("playlist_id");
            String tagId = p.optionalString("tag_id", Payload.MAX_ID);
            return () -> linking.override(tagId, playlistId);
        });
    }
}
