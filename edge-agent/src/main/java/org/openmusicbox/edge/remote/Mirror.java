package org.openmusicbox.edge.remote;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.events.Fanout;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's events to its own clients, and the same to the relays while any counts a viewer ({@code remote/state},
 * QoS 0). It sits where every event leaves the {@code Broadcaster}, so nothing reaches a LAN client that a phone
 * away would not see. An answer to one client is not mirrored: a relay's caller gets its own in the command's reply.
 * Positions are the one event sent several times a second; at most {@link RemoteState#POSITIONS_PER_SECOND} go out,
 * the others are dropped (the next one supersedes them).
 */
public final class Mirror implements Fanout {

    private static final Logger log = LoggerFactory.getLogger(Mirror.class);

    private final Fanout clients;
    private final Viewers viewers;
    private final Supplier<Outlet> outlet;
    private final String topic;
    private final JsonCodec codec;
    private final LongSupplier clock;
    /** When the last positions went out, newest first; one slot per position allowed a second. */
    private final long[] positionsSent = new long[RemoteState.POSITIONS_PER_SECOND];

    /**
     * @param outlet the cloud link's outlet while connected, else null
     * @param clock milliseconds
     */
    public Mirror(
            Fanout clients,
            Viewers viewers,
            Supplier<Outlet> outlet,
            String deviceId,
            JsonCodec codec,
            LongSupplier clock) {
        this.clients = clients;
        this.viewers = viewers;
        this.outlet = outlet;
        this.topic = Topics.remoteState(deviceId);
        this.codec = codec;
        this.clock = clock;
        java.util.Arrays.fill(positionsSent, Long.MIN_VALUE / 2);
    }

    @Override
    public void toRoom(String room, String event, EncodedJson json) {
        clients.toRoom(room, event, json);
        mirror(event, json, List.of(room));
    }

    @Override
    public void toClient(String clientId, String event, EncodedJson json) {
        clients.toClient(clientId, event, json);
    }

    @Override
    public void toEveryone(String event, EncodedJson json) {
        clients.toEveryone(event, json);
        mirror(event, json, List.of());
    }

    private void mirror(String event, EncodedJson json, List<String> rooms) {
        if (!viewers.watched()) {
            return;
        }
        Outlet now = outlet.get();
        if (now == null || !positionAllowed(event)) {
            return;
        }
        try {
            now.publishAtMostOnce(topic, codec.toBytes(new RemoteState(event, codec.readTree(json.json()), rooms)));
        } catch (RuntimeException e) {
            // The LAN clients have it already; a relay's viewer catches up with sync:request.
            log.debug("Remote state {} not mirrored: {}", event, e.toString());
        }
    }

    /** Synchronized: positions come from the box thread, live events from any thread. */
    private synchronized boolean positionAllowed(String event) {
        if (!event.equals(Events.STATE_TRACK_POSITION)) {
            return true;
        }
        long at = clock.getAsLong();
        int oldest = positionsSent.length - 1;
        if (at - positionsSent[oldest] < 1000) {
            return false;
        }
        System.arraycopy(positionsSent, 0, positionsSent, 1, oldest);
        positionsSent[0] = at;
        return true;
    }
}
