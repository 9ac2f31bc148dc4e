package org.openmusicbox.edge.nfc;

import java.time.Duration;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.nfc.pn532.Pn532TagReader;
import org.openmusicbox.edge.nfc.simulated.SimulatedTagReader;

/**
 * Picks the NFC reader named by {@code omb.nfc.reader}. A reader that is asked for but does not
 * answer stays in place as a failed status (health says why); only {@code auto} falls back to the
 * simulated reader, which is what a box without hardware should have.
 */
public final class Readers {

    private Readers() {}

    public static TagReader open(EdgeConfig.Nfc nfc) {
        if (nfc.reader().equals("simulated")) {
            return new SimulatedTagReader();
        }
        Pn532TagReader pn532 = Pn532TagReader.open(
                nfc.i2cBus(), nfc.address(), Duration.ofMillis(nfc.pollIntervalMs()), nfc.removalPolls());
        if (nfc.reader().equals("auto") && pn532.status().state() == DeviceStatus.State.FAILED) {
            pn532.close();
            return new SimulatedTagReader();
        }
        return pn532;
    }
}
