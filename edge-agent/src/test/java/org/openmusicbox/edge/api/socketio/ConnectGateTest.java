package org.openmusicbox.edge.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectGateTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String rewritten(String text) {
        ByteBuf out = ConnectGate.withAuthOnBareConnects(bytes(text));
        try {
            return out == null ? null : out.toString(StandardCharsets.UTF_8);
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    @Test
    void aBareConnectGetsAnEmptyAuthSoThatItIsChecked() {
        assertEquals("40{}", rewritten("40"));
        assertEquals(
                "40{}\u001e42[\"join:playlists\",{}]",
                rewritten("40\u001e42[\"join:playlists\",{}]"),
                "in a polling body with more packets");
        assertEquals("2\u001e40{}", rewritten("2\u001e40"), "as the last packet of a body");
    }

    @Test
    void aConnectWithAuthOrToAnotherNamespaceIsLeftAlone() {
        assertNull(rewritten("40{\"token\":\"x\"}"));
        assertNull(rewritten("40\"x\""));
        assertNull(rewritten("40/admin,"));
        assertNull(rewritten("42[\"x\",\"40\"]"));
        assertNull(rewritten("4"));
    }

    @Test
    void connectsAreFoundInEveryPacketOfABody() {
        assertTrue(ConnectGate.hasConnect(bytes("40")));
        assertTrue(ConnectGate.hasConnect(bytes("3\u001e40{\"token\":1}")));
        assertFalse(ConnectGate.hasConnect(bytes("42[\"x\"]\u001e3")));
        assertFalse(ConnectGate.hasConnect(bytes("")));
    }

    @Test
    void readingStartsWhereTheBufferWasLeft() {
        ByteBuf buffer = bytes("xx40");
        buffer.skipBytes(2);
        ByteBuf out = ConnectGate.withAuthOnBareConnects(buffer);
        assertEquals("40{}", out.toString(StandardCharsets.UTF_8));
        out.release();
    }
}
