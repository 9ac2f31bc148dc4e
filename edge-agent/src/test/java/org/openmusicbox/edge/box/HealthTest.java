package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.device.DeviceStatus;

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
}
