package org.openmusicbox.protocol.v1;

/** {@code connection_status}, sent to a socket right after it connects; {@code server_time} is epoch milliseconds. */
public record ConnectionStatus(String status, String sid, long serverSeq, long serverTime) {

    public static final String CONNECTED = "connected";
}
