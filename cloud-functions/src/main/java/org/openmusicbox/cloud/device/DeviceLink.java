package org.openmusicbox.cloud.device;

import reactor.core.publisher.Mono;

/**
 * Sends one message to one device: the MQTT binding (or, on Lambda, IoT Core's data plane) publishes it with QoS 1
 * on {@code omb/v1/devices/{deviceId}/{topicKind}} (for example {@code uploads/results}).
 */
public interface DeviceLink {

    /** Completes once the message is handed to the broker; fails when it could not be. */
    Mono<Void> publish(String deviceId, String topicKind, Object message);
}
