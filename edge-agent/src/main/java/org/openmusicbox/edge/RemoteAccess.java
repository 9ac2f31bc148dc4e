package org.openmusicbox.edge;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.RemotePhones;
import org.openmusicbox.edge.access.sqlite.SqlitePhoneStore;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.PhoneList;
import org.openmusicbox.protocol.json.JsonCodec;

/** Remote access put together: the paired phones, and their list kept on the broker when there is a cloud link. */
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
