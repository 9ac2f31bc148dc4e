package org.openmusicbox.cloud.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Tells a box to pull ({@code sync_now} on its {@code commands} topic) after the cloud logged a change for it that
 * the box did not send: a parent's edit through the cloud, an upload, a download. Log entries are never pushed;
 * the box pulls, so one command covers every change logged before it goes out.
 *
 * <p>At most one command waits per device: the first change starts a short window, the changes within it join
 * it, and the command goes out when it ends. The device leaves the waiting set before the publish, so a change
 * logged after that starts a new window and is never left without a command. A box that is offline gets its
 * commands when it reconnects (its session keeps them) and pulls on the connect anyway.
 */
public final class SyncNow {

    /** Long enough to gather an edit's follow-ups (a playlist's title, order, tracks), short enough to feel live. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(SyncNow.class);

    private final DeviceLink devices;
    private final Duration window;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    public SyncNow(DeviceLink devices, Duration window) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.window = Objects.requireNonNull(window, "window");
    }

    /** The cloud logged a change for {@code deviceId} (committed); the box will hear of it. Never blocks. */
    public void changed(String deviceId) {
        if (!waiting.add(deviceId)) {
            return;
        }
        Mono.delay(window)
                .then(Mono.defer(() -> {
                    waiting.remove(deviceId);
                    DeviceCommand command =
                            new DeviceCommand("sync-now-" + UUID.randomUUID(), DeviceCommand.SYNC_NOW, Map.of());
                    return devices.publish(deviceId, TopicKind.COMMANDS.suffix(), command);
                }))
                .subscribe(
                        done -> {},
                        failure -> log.warn(
                                "sync_now for {} not sent ({}); the box pulls on its next connect",
                                deviceId,
                                failure.toString()));
    }
}
