package org.openmusicbox.edge.api.socketio;

import java.util.function.Function;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.box.TagLinking;
import org.openmusicbox.protocol.v1.Events;

/**
 * The linking events a parent's page sends ({@code start_nfc_link}, {@code stop_nfc_link},
 * {@code override_nfc_tag}). Each is an operation: the caller gets {@code ack:op} or {@code err:op},
 * and the session's progress arrives as {@code nfc_status} and {@code nfc_association_state}.
 */
public final class NfcLinkEvents {

    private final SocketServer server;
    private final Operations operations;
    private final TagLinking linking;

    public NfcLinkEvents(SocketServer server, Operations operations, TagLinking linking) {
        this.server = server;
        this.operations = operations;
        this.linking = linking;
    }

    public void register() {
        operation(Events.START_NFC_LINK, p -> {
            String playlistId = p.requiredId("playlist_id");
            Integer timeout = p.optionalInt("timeout_s", TagLinking.MIN_TIMEOUT_S, TagLinking.MAX_TIMEOUT_S);
            return () -> linking.start(playlistId, timeout);
        });
        operation(Events.STOP_NFC_LINK, p -> {
            String assocId = p.optionalString("assoc_id", Payload.MAX_ID);
            String playlistId = p.optionalString("playlist_id", Payload.MAX_ID);
            if (assocId == null && playlistId == null) {
                p.requiredId("assoc_id");
            }
            return () -> linking.stop(assocId, playlistId);
        });
        operation(Events.OVERRIDE_NFC_TAG, p -> {
            String playlistId = p.requiredId("playlist_id");
            String tagId = p.optionalString("tag_id", Payload.MAX_ID);
            return () -> linking.override(tagId, playlistId);
        });
    }

    /** Reads the payload, then runs the change on the box thread; a bad payload is an err:op, nothing changes. */
    private void operation(String event, Function<Payload, Supplier<Object>> read) {
        server.on(event, (client, data, ack) -> {
            Payload payload = Payload.of(data);
            Supplier<Object> change = read.apply(payload);
            String clientOpId = payload.clientOpId();
            operations.run(event, clientOpId != null ? clientOpId : payload.rawClientOpId(),
                    Operations.ReplyTo.client(client.getSessionId().toString()), () -> {
                        payload.check();
                        return change.get();
                    });
        });
    }
}
