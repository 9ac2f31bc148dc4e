package org.openmusicbox.cloud.relay.away;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The relay's phone check as a map: each box's paired credentials and their phones. */
final class TestPhones implements Phones {

    private final Map<String, Map<String, String>> byBox = new ConcurrentHashMap<>();

    /** Pairs a new phone with {@code deviceId}; returns its {@code Authorization} header. */
    String pair(String deviceId) {
        String credential = "cred-" + UUID.randomUUID();
        byBox.computeIfAbsent(deviceId, d -> new ConcurrentHashMap<>()).put(credential, "phone-" + credential);
        return "Bearer " + credential;
    }

    @Override
    public Optional<String> phoneOf(String deviceId, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                byBox.getOrDefault(deviceId, Map.of()).get(authorization.substring("Bearer ".length())));
    }
}
