package org.openmusicbox.edge;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.RemotePhones;
import org.openmusicbox.edge.access.sqlite.SqlitePhoneStore;
import org.openmusicbox.edge.api.http.HttpServer;
import org.openmusicbox.edge.api.http.RelayedCalls;
import org.openmusicbox.edge.api.socketio.RelayedEvents;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.events.Fanout;
import org.openmusicbox.edge.remote.Ledger;
import org.openmusicbox.edge.remote.LinkOutlet;
import org.openmusicbox.edge.remote.Mirror;
import org.openmusicbox.edge.remote.Once;
import org.openmusicbox.edge.remote.RemoteCommands;
import org.openmusicbox.edge.remote.Viewers;
import org.openmusicbox.edge.remote.sqlite.SqliteLedger;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.PhoneList;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;

/**
 * Remote access put together: the paired phones, their list kept on the broker, and the relay's commands and mirror
 * when there is a cloud link.
 */
final class RemoteAccess {

    private RemoteAccess() {}

    /** The phones kept in the box's database; none where parent access control is off. */
    static RemotePhones phones(EdgeConfig config, Database database, LongSupplier clock) {
        if (config.auth().mode().equals("off")) {
            return RemotePhones.none();
        }
        return new RemotePhones(
                new SqlitePhoneStore(database),
                config.setup().pairingCodeMs(),
                work -> reactor.core.scheduler.Schedulers.boundedElastic().schedule(work),
                clock);
    }

    /** {@code rest}, with the phone list published on every connect and whenever it changes. */
    static Arrivals listed(RemotePhones phones, String deviceId, JsonCodec codec, Arrivals rest) {
        PhoneList list = new PhoneList(deviceId, () -> payload(phones), codec, rest);
        phones.onListingChanged(list::changed);
        return list;
    }

    /** The relay's side of the box: viewer counts, the mirror of events, commands applied once. */
    record Relay(Viewers viewers, LinkOutlet outlet, Ledger ledger) {

        static Relay of(Database database, LongSupplier clock) {
            return new Relay(new Viewers(clock), new LinkOutlet(), new SqliteLedger(database, clock));
        }

        /** The clients, and the relays too while anyone watches (only with a cloud link). */
        Fanout mirrored(EdgeConfig config, Fanout clients, JsonCodec codec, LongSupplier clock) {
            return config.cloud().enabled()
                    ? new Mirror(clients, viewers, outlet, config.cloud().deviceId(), codec, clock)
                    : clients;
        }

        Once once(EdgeConfig config) {
            return config.cloud().enabled() ? Once.of(ledger) : Once.NEVER;
        }

        /** {@code rest} with the relay's commands and viewer counts taken off first. */
        RemoteCommands commands(EdgeConfig config, JsonCodec codec, LongSupplier clock, Arrivals rest) {
            return new RemoteCommands(config.cloud().deviceId(), ledger, viewers, outlet, codec, clock, rest);
        }
    }

    /** The relayed commands run by the endpoints' own handlers; before the cloud link starts. */
    static void serve(
            RemoteCommands commands,
            HttpServer http,
            RelayedEvents events,
            java.util.function.UnaryOperator<String> phoneOf,
            JsonCodec codec) {
        commands.serve(Map.of(
                DeviceCommand.HTTP, new RelayedCalls(http.handler(), phoneOf, codec), DeviceCommand.SOCKET, events));
    }

    private static org.openmusicbox.protocol.v1.mqtt.RemotePhones payload(RemotePhones phones) {
        RemotePhones.Listing listing = phones.listing();
        return new org.openmusicbox.protocol.v1.mqtt.RemotePhones(
                listing.enabled(),
                listing.phones().stream()
                        .map(p -> new org.openmusicbox.protocol.v1.mqtt.RemotePhones.Phone(
                                p.phoneId(), p.credentialSha256()))
                        .toList(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
