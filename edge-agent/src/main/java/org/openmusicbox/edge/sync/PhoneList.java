package org.openmusicbox.edge.sync;

import java.util.function.Supplier;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker's retained {@code remote/phones} as the box's phone list is (docs/relay.md, Credentials): sent
 * on every connect, since the broker may have lost it or hold an older one, and on every change while connected.
 * What goes out is only hashes, from {@code list}. Everything else that arrives or happens on the link is passed on
 * to {@code rest}.
 */
public final class PhoneList implements Arrivals {

    private static final Logger log = LoggerFactory.getLogger(PhoneList.class);

    private final String topic;
    private final Supplier<RemotePhones> list;
    private final JsonCodec codec;
    private final Arrivals rest;
    /** The current connection's outlet, null while offline; guarded by this. */
    private Outlet outlet;

    /** @param list the list as it is now, read anew for each message */
    public PhoneList(String deviceId, Supplier<RemotePhones> list, JsonCodec codec, Arrivals rest) {
        this.topic = Topics.remotePhones(deviceId);
        this.list = list;
        this.codec = codec;
        this.rest = rest;
    }

    /** The list changed: sent now when connected; when not, the next connect sends it. */
    public synchronized void changed() {
        if (outlet != null) {
            send();
        }
    }

    @Override
    public void arrived(String topic, byte[] payload, Receipt receipt) {
        arrived(topic, payload, Properties.NONE, receipt);
    }

    @Override
    public void arrived(String topic, byte[] payload, Properties properties, Receipt receipt) {
        rest.arrived(topic, payload, properties, receipt);
    }

    @Override
    public void connected(Outlet outlet) {
        synchronized (this) {
            this.outlet = outlet;
            send();
        }
        rest.connected(outlet);
    }

    @Override
    public void lost() {
        synchronized (this) {
            outlet = null;
        }
        rest.lost();
    }

    /** Under this object's lock, so that two changes never go out in the other order. */
    private void send() {
        byte[] payload;
        try {
            payload = codec.toBytes(list.get());
        } catch (RuntimeException e) {
            // More phones than the message allows, say: the box keeps working, the relay keeps the last list.
            log.warn("Cloud link: the remote phone list was not sent: {}", e.toString());
            return;
        }
        if (!outlet.publishRetained(topic, payload)) {
            // The box still checks every phone itself; the relay gets the list on the next connect.
            log.warn("Cloud link: the remote phone list was not handed to the broker; it goes on the next connect");
        }
    }
}
