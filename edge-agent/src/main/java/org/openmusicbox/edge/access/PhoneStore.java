package org.openmusicbox.edge.access;

import java.util.List;

/**
 * Where the phones paired for remote access are kept, with the remote access switch: only the SHA-256 of each
 * phone's credential, never the credential.
 */
public interface PhoneStore {

    /** A paired phone as kept; {@code lastSeenAt} is null until the phone is first used. */
    record Stored(String id, String digest, String name, long pairedAt, Long lastSeenAt) {}

    boolean remoteEnabled();

    void remoteEnabled(boolean on);

    List<Stored> phones();

    void add(Stored phone);

    /** False when no phone has this id. */
    boolean remove(String id);

    void seen(String id, long at);

    /** A box made new again: every phone goes and remote access is off. */
    void forgetAll();
}
