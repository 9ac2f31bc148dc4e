package org.openmusicbox.edge.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.events.Fanout;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;
import org.openmusicbox.protocol.v1.mqtt.RemoteViewers;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** The box's events reach the relays only while a relay counts viewers, and positions at most twice a second. */
class MirrorTest {

    private static final String ID = "box-mirror";
    private static final JsonCodec JSON = new JsonCodec();
    private static final EncodedJson STATE = new EncodedJson("{\"server_seq\":7}");

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Viewers viewers = new Viewers(clock::get);
    private final List<RemoteState> published = new CopyOnWriteArrayList<>();
    private final List<String> lan = new CopyOnWriteArrayList<>();
    private final LinkOutlet outlet = new LinkOutlet();
    private final Mirror mirror = new Mirror(
            new Fanout() {
                @Override
                public void toRoom(String room, String event, EncodedJson json) {
                    lan.add(event);
                }

                @Override
                public void toClient(String clientId, String event, EncodedJson json) {
                    lan.add(event);
                }

                @Override
                public void toEveryone(String event, EncodedJson json) {
                    lan.add(event);
                }
            },
            viewers,
            outlet,
            ID,
            JSON,
            clock::get);

    MirrorTest() {
        outlet.connected(new Outlet() {
            @Override
            public boolean publish(String topic, byte[] payload) {
                return false;
            }

            @Override
            public boolean publishAtMostOnce(String topic, byte[] payload) {
                assertEquals(Topics.remoteState(ID), topic);
                published.add(JSON.read(payload, RemoteState.class));
                return true;
            }
        });
    }

    @Test
    void nothingIsPublishedWithoutViewers() {
        mirror.toRoom("playlists", "state:playlists", STATE);
        viewers.heard(count("relay-a", 0), null);
        mirror.toEveryone("state:player", STATE);
        assertEquals(List.of("state:playlists", "state:player"), lan, "the LAN clients get everything");
        assertEquals(List.of(), published);
    }

    @Test
    void withOneViewerEventsArePublishedWithTheirRoomsUntilTheCountExpires() {
        viewers.heard(count("relay-a", 1), null);
        mirror.toRoom("playlist:p1", "state:playlist", STATE);
        mirror.toEveryone("state:player", STATE);
        mirror.toClient("client-1", Events.ACK_OP, STATE);
        assertEquals(2, published.size(), "an answer to one client is not mirrored");
        assertEquals(List.of("playlist:p1"), published.get(0).rooms());
        assertEquals(7, published.get(0).data().path("server_seq").asLong());
        assertEquals(List.of(), published.get(1).rooms());

        clock.addAndGet(RemoteViewers.EXPIRY_SECONDS * 1000L);
        mirror.toRoom("playlists", "state:playlists", STATE);
        assertEquals(2, published.size(), "a count not refreshed within the expiry is zero");
    }

    @Test
    void aRetainedCountCountsOnlyForTheExpiryLeftAndAClearedOneNotAtAll() {
        viewers.heard(count("relay-a", 2), 5L);
        viewers.heard(count("relay-b", 1), null);
        assertEquals(3, viewers.total());
        viewers.cleared("relay-b");
        assertEquals(2, viewers.total());
        clock.addAndGet(5_000);
        assertEquals(0, viewers.total());
    }

    @Test
    void positionsGoOutAtMostTwiceASecond() {
        viewers.heard(count("relay-a", 1), null);
        for (int i = 0; i < 10; i++) {
            mirror.toRoom("playlists", Events.STATE_TRACK_POSITION, STATE);
            clock.addAndGet(100);
        }
        assertEquals(2, published.size(), "ten positions in one second");
        clock.addAndGet(1_000);
        mirror.toRoom("playlists", Events.STATE_TRACK_POSITION, STATE);
        mirror.toRoom("playlists", "state:player", STATE);
        assertEquals(4, published.size(), "a new second, and other events are never held back");
        assertEquals(10 + 2, lan.size(), "the LAN clients get every position");
    }

    private RemoteViewers count(String relayId, int count) {
        return new RemoteViewers(
                relayId, count, Instant.ofEpochMilli(clock.get()).toString());
    }
}
