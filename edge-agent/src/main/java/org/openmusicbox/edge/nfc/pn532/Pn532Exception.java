package org.openmusicbox.edge.nfc.pn532;

import java.io.IOException;

/** The PN532 answered, but not as the protocol says: a checksum error, a NACK, no answer in time. */
final class Pn532Exception extends IOException {

    Pn532Exception(String message) {
        super(message);
    }
}
