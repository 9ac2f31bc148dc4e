package org.openmusicbox.protocol.v1;

/** {@code client_ping}; the frontend may send {@code {}}, so the timestamp is optional. */
public record ClientPing(Double timestamp) {}
