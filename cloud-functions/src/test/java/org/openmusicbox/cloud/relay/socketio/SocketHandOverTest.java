package org.openmusicbox.cloud.relay.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketHandOverTest {

    @Test
    void aBoxsSocketPathBecomesTheContextPathWithTheBoxFirst() {
        assertThat(SocketHandOver.rewritten("/boxes/box-a/socket.io/?EIO=4&transport=websocket"))
                .isEqualTo("/socket.io/?omb_box=box-a&EIO=4&transport=websocket");
        assertThat(SocketHandOver.rewritten("/boxes/box-a/socket.io/")).isEqualTo("/socket.io/?omb_box=box-a");
        // A client's own omb_box comes second, so the box appears twice and the connect is refused.
        assertThat(SocketHandOver.rewritten("/boxes/box-a/socket.io/?omb_box=box-b"))
                .isEqualTo("/socket.io/?omb_box=box-a&omb_box=box-b");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/boxes/box-a/socket.io",
                "//boxes/box-a/socket.io/",
                "/boxes//box-a/socket.io/",
                "/boxes/box-a/socket%2Eio/",
                "/boxes/box-a%2Fx/socket.io/",
                "/boxes/box-b/../box-a/socket.io/",
                "/boxes/box-a/socket.io/;x",
                "/boxes/box-a/socket.io/x",
                "/Boxes/box-a/socket.io/",
                "/socket.io/",
                "/boxes/box.a/socket.io/"
            })
    void everyOtherSpellingStaysHttps(String target) {
        assertThat(SocketHandOver.rewritten(target)).isNull();
    }
}
