package org.openmusicbox.cloud.relay.away;

import java.util.Optional;

/** The relay's check of a phone's credential against one box's paired phones (its retained {@code remote/phones}). */
@FunctionalInterface
public interface Phones {

    /**
     * The phone's id when {@code authorization} (the request's {@code Authorization} header, {@code Bearer ...},
     * or null) is a credential paired with box {@code deviceId} and remote access is on; empty otherwise.
     */
    Optional<String> phoneOf(String deviceId, String authorization);
}
