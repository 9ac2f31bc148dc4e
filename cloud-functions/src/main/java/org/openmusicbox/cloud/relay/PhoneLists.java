package org.openmusicbox.cloud.relay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;

/**
 * Each box's retained phone list ({@code remote/phones}), as the box last published it. A credential opens one box
 * only: it is compared with that box's list, never another's, and only while that box has remote access on.
 */
public final class PhoneLists {

    /** Far longer than any credential a box makes; a longer one is refused before it is hashed. */
    static final int MAX_CREDENTIAL_CHARS = 512;

    private final ConcurrentMap<String, RemotePhones> lists = new ConcurrentHashMap<>();

    /**
     * The id of the phone {@code credential} belongs to, on box {@code deviceId}; empty when the box has no list,
     * remote access is off, or no phone of its list has it. Every phone's hash is compared in constant time.
     */
    public Optional<String> phoneFor(String deviceId, String credential) {
        RemotePhones list = deviceId == null ? null : lists.get(deviceId);
        if (list == null
                || !list.enabled()
                || credential == null
                || credential.isEmpty()
                || credential.length() > MAX_CREDENTIAL_CHARS) {
            return Optional.empty();
        }
        byte[] hash = sha256Hex(credential).getBytes(StandardCharsets.US_ASCII);
        String found = null;
        for (RemotePhones.Phone phone : list.phones()) {
            byte[] known =
                    phone.credentialSha256().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(hash, known) && found == null) {
                found = phone.phoneId();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code phoneId} may still come in on {@code deviceId}: listed, and remote access on. */
    public boolean admits(String deviceId, String phoneId) {
        RemotePhones list = lists.get(deviceId);
        return list != null
                && list.enabled()
                && list.phones().stream().anyMatch(phone -> phone.phoneId().equals(phoneId));
    }

    /**
     * Keeps the box's new list (null: the box's list was cleared) and returns the phones that were let in before
     * and are not any more, whose connections must go.
     */
    public Set<String> update(String deviceId, RemotePhones list) {
        RemotePhones old = list == null ? lists.remove(deviceId) : lists.put(deviceId, list);
        Set<String> dropped = new HashSet<>();
        if (old != null && old.enabled()) {
            for (RemotePhones.Phone phone : old.phones()) {
                if (!admits(deviceId, phone.phoneId())) {
                    dropped.add(phone.phoneId());
                }
            }
        }
        return dropped;
    }

    /**
     * Adds a phone the box has just paired (its answer carried the credential) to the list this relay holds, while
     * remote access is on; the box's next list replaces it either way.
     */
    public void paired(String deviceId, String phoneId, String credential) {
        lists.computeIfPresent(deviceId, (id, list) -> {
            if (!list.enabled()
                    || list.phones().size() >= RemotePhones.MAX_PHONES
                    || list.phones().stream().anyMatch(phone -> phone.phoneId().equals(phoneId))) {
                return list;
            }
            List<RemotePhones.Phone> phones = new ArrayList<>(list.phones());
            phones.add(new RemotePhones.Phone(phoneId, sha256Hex(credential)));
            return new RemotePhones(true, phones, list.updatedAt());
        });
    }

    static String sha256Hex(String credential) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
