package org.openmusicbox.protocol.v1;

/**
 * {@code client_pong}. {@code timestamp} echoes the ping's value so the client can measure the round trip;
 * {@code server_time} is epoch milliseconds.
 */
public record ClientPong(double timestamp, long serverTime, long serverSeq) {}
