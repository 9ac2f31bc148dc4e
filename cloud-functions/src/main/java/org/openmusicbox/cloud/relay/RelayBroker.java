package org.openmusicbox.cloud.relay;

import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.RemoteViewers;
import reactor.core.publisher.Mono;

/** What the relay sends a box over the broker; complete when the broker took it. */
public interface RelayBroker {

    /** {@code command} on the box's {@code commands}, answered on this instance's own reply topic, with its expiry. */
    Mono<Void> command(String deviceId, DeviceCommand command);

    /** This instance's viewer count of the box, retained, with its expiry. */
    Mono<Void> viewers(String deviceId, RemoteViewers viewers);
}
