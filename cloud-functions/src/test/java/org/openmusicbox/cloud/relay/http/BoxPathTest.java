package org.openmusicbox.cloud.relay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoxPathTest {

    @Test
    void aPlainPathNamesItsBoxAndRoute() {
        BoxPath path = BoxPath.parse("/boxes/box-a/api/playlists/p%20q");
        assertThat(path.deviceId()).isEqualTo("box-a");
        assertThat(path.rest()).isEqualTo("/api/playlists/p%20q");
        assertThat(path.api()).isTrue();
        assertThat(BoxPath.parse("/boxes/box-a").rest()).isEmpty();
        assertThat(BoxPath.parse("/boxes/box-a/").api()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "//boxes/box-a/api/x",
                "/boxes//box-a/api/x",
                "/boxes/box-a//api/x",
                "/boxes/box-a/./api/x",
                "/boxes/box-b/../box-a/api/x",
                "/boxes/box-a/api/../../box-b/api/x",
                "/boxes/box-a/%2e%2e/box-b/api/x",
                "/boxes/box-a/%2E%2E/box-b/api/x",
                "/boxes/box-a%2Fapi/x",
                "/boxes/box-a/api%2Fx",
                "/boxes/box-a/api/remote%2fpair",
                "/boxes/box-a/%61pi/x",
                "/boxes/box-a;x=1/api/x",
                "/boxes/box-a/api\\x",
                "/boxes/box-a/api/%zz",
                "/boxes/box-a/api/%",
                "/boxes/box-a/api/%2",
                "/boxes/box-a/api/%25",
                "/Boxes/box-a/api/x",
                "/BOXES/box-a/api/x",
                "/boxes/box.a/api/x",
                "/boxes/" + "x",
                "/boxes/",
                "/box/box-a/api/x",
                "/api/x"
            })
    void everyOtherSpellingIsRefused(String raw) {
        if (raw.equals("/boxes/x")) {
            // A valid id: the control that the list above is not refused for its id alone.
            assertThat(BoxPath.parse(raw).deviceId()).isEqualTo("x");
            return;
        }
        assertThatThrownBy(() -> BoxPath.parse(raw)).isInstanceOf(BoxPath.NotPlain.class);
    }

    @Test
    void theBoxIdIsCaseSensitiveSoAnotherCaseIsAnotherBox() {
        assertThat(BoxPath.parse("/boxes/Box-A/api/x").deviceId()).isEqualTo("Box-A");
    }

    @Test
    void onlyOneBearerCredentialIsTaken() {
        assertThat(ApiForwarding.bearer(List.of("Bearer abc"))).isEqualTo("abc");
        assertThat(ApiForwarding.bearer(List.of("bearer  abc "))).isEqualTo("abc");
        assertThat(ApiForwarding.bearer(List.of())).isNull();
        assertThat(ApiForwarding.bearer(List.of("Basic abc"))).isNull();
        assertThat(ApiForwarding.bearer(List.of("Bearer "))).isNull();
        assertThat(ApiForwarding.bearer(List.of("Bearer a", "Bearer b"))).isNull();
    }
}
