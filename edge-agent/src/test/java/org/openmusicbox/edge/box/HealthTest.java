package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.device.LinkStatus;

class HealthTest {

    private static final DeviceStatus REAL = DeviceStatus.available("real hardware");
    private static final DeviceStatus OK_STORAGE = DeviceStatus.available("room enough");

    @Test
    void servicesAreNamedInTheOriginalsOrder() {
        Health h = Health.of(true, null, REAL, REAL, REAL, OK_STORAGE, true);
        assertEquals(
                List.of("api", "audio", "nfc", "gpio", "led_hat", "websocket"),
                List.copyOf(h.services().keySet()));
    }

    @Test
    void everyServiceIsTrueWhenItsPartReallyWorksAndTheBoxHasNoLedHat() {
        Health h = Health.of(true, null, REAL, REAL, REAL, OK_STORAGE, true);
        assertEquals(
                Map.of("api", true, "audio", true, "nfc", true, "gpio", true, "led_hat", false, "websocket", true),
                h.services());
    }

    @Test
    void standInsAndSwitchedOffPartsAreNotServices() {
        Health h = Health.of(
                true,
                null,
                DeviceStatus.silent("no sound device"),
                DeviceStatus.simulated("tags over HTTP"),
                DeviceStatus.disabled("buttons off"),
                OK_STORAGE,
                true);
        assertEquals(
                Map.of("api", true, "audio", false, "nfc", false, "gpio", false, "led_hat", false, "websocket", true),
                h.services());
        assertEquals(Health.HEALTHY, h.status(), "stand-ins do not degrade the box");
    }

    @Test
    void failedPartsAreFalseAndTheBoxDegraded() {
        DeviceStatus broken = DeviceStatus.failed("does not answer");
        Health h = Health.of(true, null, broken, broken, broken, OK_STORAGE, true);
        assertEquals(
                Map.of("api", true, "audio", false, "nfc", false, "gpio", false, "led_hat", false, "websocket", true),
                h.services());
        assertEquals(Health.DEGRADED, h.status());
    }

    @Test
    void apiIsFalseWhenTheLibraryCannotServe() {
        assertEquals(
                false,
                Health.of(false, null, REAL, REAL, REAL, OK_STORAGE, true)
                        .services()
                        .get("api"));
        assertEquals(
                false,
                Health.of(true, "row 3 missing from index", REAL, REAL, REAL, OK_STORAGE, true)
                        .services()
                        .get("api"));
    }

    @Test
    void websocketFollowsTheSocketIoServer() {
        assertEquals(
                false,
                Health.of(true, null, REAL, REAL, REAL, OK_STORAGE, false)
                        .services()
                        .get("websocket"));
    }

    @Test
    void withoutACloudLinkTheCloudPartSaysDisabled() {
        Health h = Health.of(true, null, REAL, REAL, REAL, OK_STORAGE, true);
        assertEquals("disabled", h.components().get("cloud"));
        assertTrue(
                h.details().get("cloud").contains("home network"), h.details().get("cloud"));
    }

    @Test
    void anOfflineCloudIsInformationThatNeitherDegradesTheBoxNorChangesAService() {
        Instant since = Instant.parse("2026-12-07T08:00:00Z");
        Health online = Health.of(
                true, null, REAL, REAL, REAL, OK_STORAGE, true, LinkStatus.connected("connected to b:1883", since));
        Health offline = Health.of(
                true,
                null,
                REAL,
                REAL,
                REAL,
                OK_STORAGE,
                true,
                LinkStatus.offline("cannot reach 127.0.0.1:1884: connection refused", since));
        assertEquals(Health.HEALTHY, offline.status());
        assertEquals(online.services(), offline.services());
        assertEquals("offline", offline.components().get("cloud"));
        assertEquals(
                "cannot reach 127.0.0.1:1884: connection refused (since 2026-12-07T08:00:00Z)",
                offline.details().get("cloud"));
        assertNull(offline.failingComponent(), "no health_error for a box without internet");
        assertEquals("connected", online.components().get("cloud"));
    }
}
