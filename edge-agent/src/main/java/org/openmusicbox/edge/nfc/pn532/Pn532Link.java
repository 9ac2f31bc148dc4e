package org.openmusicbox.edge.nfc.pn532;

import java.io.IOException;

/**
 * The bytes between the host and a PN532. On I2C every write is one host frame, and every read
 * starts with the chip's status byte (0x01 when it has something to say) followed by the frame.
 */
interface Pn532Link extends AutoCloseable {

    void write(byte[] bytes) throws IOException;

    /** @return exactly {@code length} bytes, the first being the status byte */
    byte[] read(int length) throws IOException;

    /** Where the chip sits, for status and log lines: "I2C bus 1 address 0x24". */
    String where();

    @Override
    void close();
}
