package org.openmusicbox.edge.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;

class SocketJsonTest {

    private final SocketJson json = new SocketJson();
    private final JsonCodec codec = new JsonCodec();

    /** What netty-socketio's encoder gets from the JSON support for an event's arguments. */
    private String written(Object args) throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            json.writeValue(new ByteBufOutputStream(out), args);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static List<Object> args(String name, Object payload) {
        // As netty-socketio builds them: a mutable list of the name, then the arguments.
        List<Object> args = new ArrayList<>();
        args.add(name);
        args.add(payload);
        return args;
    }

    @Test
    void anEventEncodedOnceIsWrittenExactlyAsJacksonWritesItForEachClient() throws Exception {
        EncodedJson payload =
                new EncodedJson("{\"title\":\"Chansons d'\\u00e9t\\u00e9 \u00e9\u00e8 \ud83c\udfb5\",\"n\":[1,2]}");
        for (String name : List.of("state:playlist_updated", "odd \"name\" \\ \u00e9")) {
            WireEvent wire = new WireEvent(name, payload, codec.toJson(name));
            assertEquals(written(args(name, new RawValue(payload.json()))), written(args(name, wire)), name);
        }
    }

    @Test
    void anEventUnderAnotherNameOrWithMoreArgumentsIsWrittenByJacksonAsItsPayload() throws Exception {
        EncodedJson payload = new EncodedJson("{\"a\":1}");
        WireEvent wire = new WireEvent("state:a", payload, codec.toJson("state:a"));
        assertEquals("[\"state:b\",{\"a\":1}]", written(args("state:b", wire)));
        List<Object> three = args("state:a", wire);
        three.add(5);
        assertEquals("[\"state:a\",{\"a\":1},5]", written(three));
    }
}
