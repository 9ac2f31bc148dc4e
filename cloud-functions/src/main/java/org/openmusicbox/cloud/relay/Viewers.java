package org.openmusicbox.cloud.relay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openmusicbox.protocol.v1.mqtt.RemoteViewers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's viewers of each box ({@code C} is one connected phone), and the count the box is told: published
 * retained on {@code remote/viewers/{relay_id}} whenever it changes, again every
 * {@link RemoteViewers#REFRESH_SECONDS} while above zero (its expiry would otherwise end it), and 0 when the last
 * viewer leaves, so the box stops mirroring its state.
 */
public final class Viewers<C> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Viewers.class);

    private final RelayBroker broker;
    private final RelayId relayId;
    private final Map<String, Set<C>> boxes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "omb-relay-viewers");
        thread.setDaemon(true);
        return thread;
    });

    public Viewers(RelayBroker broker, RelayId relayId) {
        this.broker = broker;
        this.relayId = relayId;
        refresh.scheduleAtFixedRate(
                this::refreshAll, RemoteViewers.REFRESH_SECONDS, RemoteViewers.REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    public void joined(String deviceId, C viewer) {
        synchronized (this) {
            Set<C> viewers = boxes.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet());
            if (viewers.add(viewer)) {
                publish(deviceId, viewers.size());
            }
        }
    }

    public void left(String deviceId, C viewer) {
        synchronized (this) {
            Set<C> viewers = boxes.get(deviceId);
            if (viewers != null && viewers.remove(viewer)) {
                publish(deviceId, viewers.size());
                if (viewers.isEmpty()) {
                    boxes.remove(deviceId);
                }
            }
        }
    }

    /** This instance's viewers of the box now. */
    public List<C> of(String deviceId) {
        Set<C> viewers = boxes.get(deviceId);
        return viewers == null ? List.of() : List.copyOf(viewers);
    }

    public int total() {
        return boxes.values().stream().mapToInt(Set::size).sum();
    }

    /** Every count published again now; the refresh timer's work, and a test's. */
    public void refreshAll() {
        synchronized (this) {
            boxes.forEach((deviceId, viewers) -> {
                if (!viewers.isEmpty()) {
                    publish(deviceId, viewers.size());
                }
            });
        }
    }

    /** Each box still counted is told 0, so none mirrors for a relay that is gone. */
    @Override
    public void close() {
        refresh.shutdownNow();
        synchronized (this) {
            boxes.keySet().forEach(deviceId -> publish(deviceId, 0));
            boxes.clear();
        }
    }

    private void publish(String deviceId, int count) {
        RemoteViewers viewers =
                new RemoteViewers(relayId.value(), count, Instant.now().toString());
        broker.viewers(deviceId, viewers)
                .subscribe(
                        done -> {},
                        failure -> log.warn(
                                "Viewer count {} of {} not published: {}", count, deviceId, failure.toString()));
    }
}
