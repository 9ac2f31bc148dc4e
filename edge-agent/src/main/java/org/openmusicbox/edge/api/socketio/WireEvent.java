package org.openmusicbox.edge.api.socketio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.openmusicbox.protocol.json.EncodedJson;

/**
 * An event's Socket.IO arguments ({@code ["name", payload]}) as UTF-8, made once for every client it goes to.
 * netty-socketio encodes each packet once per client with Jackson; {@link SocketJson} writes these bytes
 * instead, so an event for two hundred clients costs one encoding and two hundred copies. Anywhere else
 * Jackson meets it, it is written as the raw payload.
 */
final class WireEvent implements JsonSerializable {

    private final String name;
    private final String json;
    private final byte[] arguments;

    WireEvent(String name, EncodedJson payload, String quotedName) {
        this.name = name;
        this.json = payload.json();
        this.arguments = ("[" + quotedName + "," + json + "]").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code args}, as netty-socketio hands an event's to the encoder, are this event's. */
    boolean isArgumentsOf(String eventName) {
        return name.equals(eventName);
    }

    byte[] arguments() {
        return arguments;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }
}
