package org.openmusicbox.protocol.v1;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code health_status}, the reply to {@code health_check}; {@code timestamp} is epoch milliseconds. */
public record HealthStatus(String status, Map<String, String> components, long timestamp) {

    public HealthStatus {
        // Keeps the server's component order on the wire, which Map.copyOf would not.
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }
}
