package org.openmusicbox.cloud.relay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;

/** The page's security policy lets it reach its own origin, its sockets, and the bucket it uploads to; no more. */
class PageFilesTest {

    @Test
    void thePageMayPutFilesOnlyToTheBucketsOrigin() {
        String policy = PageFiles.policy("relay.example:8443", "https://media.example");
        assertThat(policy)
                .contains("connect-src 'self' ws://relay.example:8443 wss://relay.example:8443 https://media.example;");
        assertThat(PageFiles.policy("relay.example", null))
                .contains("connect-src 'self' ws://relay.example wss://relay.example;");
        // A Host header that is not a host name adds nothing.
        assertThat(PageFiles.policy("evil.example; script-src *", null)).contains("connect-src 'self';");
    }

    @Test
    void aMediaOriginThatIsNotAnOriginIsRefusedAtStart() {
        Replies replies = new Replies(new JsonCodec());
        for (String bad :
                new String[] {"media.example", "https://media.example/path", "https://a b", "javascript:x", "*"}) {
            assertThatThrownBy(() -> new PageFiles(replies, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
