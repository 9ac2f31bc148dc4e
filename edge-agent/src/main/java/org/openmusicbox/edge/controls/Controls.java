package org.openmusicbox.edge.controls;

import java.time.Duration;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.controls.pi4j.Pi4jButtons;
import org.openmusicbox.edge.device.DeviceStatus;

/** Picks the buttons named by {@code omb.controls.enabled}. */
public final class Controls {

    private Controls() {}

    public static Buttons open(EdgeConfig.Controls c) {
        if (c.enabled().equals("false")) {
            return new NoButtons(
                    DeviceStatus.disabled("Buttons turned off (omb.controls.enabled=false)"), c.longPressMs());
        }
        return Pi4jButtons.open(
                new Pi4jButtons.Pins(
                        c.pinNext(), c.pinPrevious(), c.pinEncoderClk(), c.pinEncoderDt(), c.pinEncoderSw()),
                Duration.ofMillis(c.debounceMs()),
                Duration.ofMillis(c.longPressMs()),
                c.enabled().equals("true"));
    }
}
