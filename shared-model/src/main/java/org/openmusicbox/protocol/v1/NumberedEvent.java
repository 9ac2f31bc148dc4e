package org.openmusicbox.protocol.v1;

/**
 * An event that is not wrapped in a {@link StateEnvelope} but carries its own {@code server_seq}
 * (the NFC association's), and knows its own event name like a {@link StateEvent}.
 */
public sealed interface NumberedEvent permits NfcStatus, NfcAssociationState {

    /** The Socket.IO event name. Not part of the JSON. */
    String event();
}
