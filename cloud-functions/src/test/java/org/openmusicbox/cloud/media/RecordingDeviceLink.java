package org.openmusicbox.cloud.media;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.openmusicbox.cloud.device.DeviceLink;

import reactor.core.publisher.Mono;

/** Records every message published; {@link #failing()} makes each publish fail as a lost broker would. */
public final class RecordingDeviceLink implements DeviceLink {

    public record Published(String deviceId, String topicKind, Object message) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    public RecordingDeviceLink failing() {
        failing = true;
        return this;
    }

    @Override
    public Mono<Void> publish(String deviceId, String topicKind, Object message) {
        return Mono.defer(() -> {
            if (failing) {
                return Mono.error(new IllegalStateException("broker unreachable"));
            }
            published.add(new Published(deviceId, topicKind, message));
            return Mono.empty();
        });
    }

    public List<Published> published() {
        return List.copyOf(published);
    }
}
