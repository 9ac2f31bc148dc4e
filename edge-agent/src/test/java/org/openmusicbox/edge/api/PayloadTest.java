package org.openmusicbox.edge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.protocol.json.JsonCodec;

class PayloadTest {

    private final JsonCodec codec = new JsonCodec();

    private Payload payload(String json) {
        return Payload.of(codec.readTree(json));
    }

    @Test
    void valuesOfTheRightTypeAreRead() {
        Payload p = payload("{\"playlist_id\":\"abc\",\"n\":3,\"ids\":[\"a\",\"b\"],\"nums\":[1,2],\"seqs\":{\"x\":4},"
                + "\"client_op_id\":\"op_1-a\"}");
        assertEquals("abc", p.requiredId("playlist_id"));
        assertEquals(3, p.requiredInt("n", 0, 10));
        assertEquals(List.of("a", "b"), p.requiredStrings("ids", 5, 10));
        assertEquals(List.of(1, 2), p.requiredInts("nums", 5, 0, 10));
        assertEquals(Map.of("x", 4L), p.optionalLongMap("seqs", 5));
        assertEquals("op_1-a", p.clientOpId());
        p.check();
    }

    @Test
    void wrongTypesAreNotCoerced() {
        Payload p = payload("{\"playlist_id\":42,\"n\":\"3\",\"f\":1.5,\"ids\":\"a\",\"nums\":[\"1\"]}");
        assertNull(p.requiredId("playlist_id"));
        assertNull(p.requiredInt("n", 0, 10));
        assertNull(p.optionalLong("f", 0, 10));
        assertNull(p.requiredStrings("ids", 5, 10));
        assertNull(p.requiredInts("nums", 5, 0, 10));
        BoxError e = assertThrows(BoxError.class, p::check);
        assertEquals(5, e.problems().size());
    }

    @Test
    void nonObjectsOverlongStringsAndBadOpIdsAreProblems() {
        assertThrows(BoxError.class, payload("[1,2]")::check);
        assertThrows(BoxError.class, payload("\"text\"")::check);
        Payload huge = payload("{\"playlist_id\":\"" + "x".repeat(1_000_000) + "\"}");
        assertNull(huge.requiredId("playlist_id"));
        assertThrows(BoxError.class, huge::check);
        Payload op = payload("{\"client_op_id\":\"<script>\"}");
        assertNull(op.clientOpId());
        assertEquals("<script>", op.rawClientOpId());
        assertThrows(BoxError.class, op::check);
    }

    @Test
    void aMissingPayloadIsAnEmptyObject() {
        Payload p = Payload.of(null);
        assertNull(p.optionalString("title", 10));
        p.check();
    }
}
