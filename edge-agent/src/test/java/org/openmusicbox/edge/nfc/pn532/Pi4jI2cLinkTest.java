package org.openmusicbox.edge.nfc.pn532;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import java.io.File;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Pi4jI2cLink} on pi4j's mock I2C provider. The mock device is one FIFO: what is written to
 * it can be read back. So the test reads back what the link wrote, and writes the bytes the link
 * should then read. It cannot play a PN532 (that is {@link ScriptedPn532}'s job).
 */
class Pi4jI2cLinkTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private Context context;
    private Pi4jI2cLink link;

    @BeforeEach
    void open() throws IOException {
        context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(MockI2CProvider.newInstance())
                .build();
        link = Pi4jI2cLink.on(context, 1, 0x24);
    }

    @AfterEach
    void close() {
        link.close();
    }

    @Test
    void theDeviceIsOnTheConfiguredBusAndAddress() {
        I2C device = link.device();
        assertEquals(1, device.bus());
        assertEquals(0x24, device.device());
        assertEquals("I2C bus 1 address 0x24", link.where());
    }

    @Test
    void aHostFrameGoesToTheDeviceInOneWrite() throws IOException {
        byte[] frame = Pn532.encode(Pn532.HOST_TO_PN532, new byte[] {0x02});
        link.write(frame);
        byte[] onTheBus = new byte[frame.length];
        assertEquals(frame.length, link.device().read(onTheBus, 0, onTheBus.length));
        assertEquals("00 00 ff 02 fe d4 02 2a 00", HEX.formatHex(onTheBus));
    }

    @Test
    void readsReturnWhatTheDeviceSends() throws IOException {
        byte[] fromChip = HEX.parseHex("01 00 00 ff 00 ff 00");
        link.device().write(fromChip, 0, fromChip.length);
        assertArrayEquals(new byte[] {0x01}, link.read(1));
        assertArrayEquals(HEX.parseHex("00 00 ff 00 ff 00"), link.read(6));
    }

    @Test
    void aShortReadIsAnError() {
        link.device().write(new byte[] {0x01, 0x00}, 0, 2);
        IOException e = assertThrows(IOException.class, () -> link.read(7));
        assertEquals("read 2 of 7 bytes from I2C bus 1 address 0x24", e.getMessage());
    }

    @Test
    void theLinuxProviderReportsAMissingBusAsAnIoError() {
        assumeFalse(new File("/sys/bus/i2c/devices/i2c-1").exists(), "this machine has an I2C bus 1");
        Context linux = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(LinuxFsI2CProvider.newInstance())
                .build();
        IOException e = assertThrows(IOException.class, () -> Pi4jI2cLink.on(linux, 1, 0x24));
        assertTrue(e.getMessage().startsWith("I2C bus 1 address 0x24 cannot be opened: "), e.getMessage());
        assertTrue(linux.isShutdown(), "a failed open releases the context");
    }

    @Test
    void closingShutsThePi4jContextDown() {
        link.close();
        assertTrue(context.isShutdown());
    }
}
