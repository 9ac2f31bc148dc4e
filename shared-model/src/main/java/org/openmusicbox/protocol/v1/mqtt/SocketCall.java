package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The arguments of command {@code socket}: one Socket.IO event a phone sent through a relay ({@code event} and its
 * {@code data}), with the phone's {@code credential} (checked by the box again) and {@code phone_id}. The box answers
 * with the events it would have sent that client ({@link SocketAnswer}); joining a room is the relay's to remember.
 */
public record SocketCall(String event, JsonNode data, String credential, String phoneId) {

    public SocketCall {
        Check.present(event, "event");
        Check.present(credential, "credential");
        Check.present(phoneId, "phone_id");
    }
}
