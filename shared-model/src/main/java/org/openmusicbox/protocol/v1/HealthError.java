package org.openmusicbox.protocol.v1;

/** {@code health_error}; {@code timestamp} is epoch milliseconds. */
public record HealthError(String error, String component, long timestamp) {}
