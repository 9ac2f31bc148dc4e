package org.openmusicbox.edge.access;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phones a parent paired for use away from home, and the remote access switch. A parent on the home network
 * opens a {@link PairingCode} (one at a time, for a few minutes, used once); the phone sends it back (through the
 * relay, later) and gets its own credential, which works as a parent's wherever one does, while remote access is
 * on and until the phone is removed. Turning remote access off pauses every phone's credential and keeps the list,
 * so turning it on again needs no new pairing; removing a phone is what revokes. The phones are held in memory
 * too, so checking a credential reads no file; when a phone was last seen is written at most once a minute.
 * Thread-safe.
 */
public final class RemotePhones {

    /**
     * The address a phone's request through a relay is counted by, for budgets and lock-outs: its own, never the
     * relay's one address. Never a LAN address, which is numeric.
     */
    public static String relayedAddress(String phoneId) {
        return "relay-phone:" + phoneId;
    }

    private static final Logger log = LoggerFactory.getLogger(RemotePhones.class);

    /** A paired phone as the parent sees it; {@code lastSeenAt} is null until it is first used. */
    public record Phone(String id, String name, long pairedAt, Long lastSeenAt) {}

    /** A paired phone as a relay checks it: its id and the SHA-256 (hex) of its credential. */
    public record Hashed(String phoneId, String credentialSha256) {}

    /** The switch and every paired phone's hash, taken together. */
    public record Listing(boolean enabled, List<Hashed> phones) {}

    /** A pairing's outcome for the phone: its credential, shown once and never kept. */
    public record Paired(String phoneId, String credential) {}

    /** What a credential is among the phones. */
    public enum Standing {
        /** A paired phone's, and remote access is on. */
        LIVE,
        /** A paired phone's, but remote access is off. */
        PAUSED,
        /** No paired phone's. */
        UNKNOWN
    }

    /** A phone's name: as a tag's, short enough for a line of the page. */
    public static final int MAX_NAME = 40;

    static final long SEEN_WRITE_MS = 60_000;
    /** Wrong codes from anywhere, all addresses together, that close the open code: a parent opens another. */
    static final int WRONG_TRIES_PER_CODE = 20;

    private static final class Entry {
        final String id;
        final String digest;
        final String name;
        final long pairedAt;
        volatile Long lastSeen;
        final AtomicLong written;

        Entry(PhoneStore.Stored stored) {
            this.id = stored.id();
            this.digest = stored.digest();
            this.name = stored.name();
            this.pairedAt = stored.pairedAt();
            this.lastSeen = stored.lastSeenAt();
            this.written = new AtomicLong(stored.lastSeenAt() == null ? Long.MIN_VALUE / 2 : stored.lastSeenAt());
        }
    }

    private final PhoneStore store;
    private final long codeLifeMs;
    private final Executor writes;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byDigest = new ConcurrentHashMap<>();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final List<Runnable> changes = new CopyOnWriteArrayList<>();
    private final List<Runnable> listings = new CopyOnWriteArrayList<>();
    private volatile boolean enabled;
    /** The open code, or null; guarded by this. */
    private PairingCode open;

    private int wrongTries;

    /**
     * @param codeLifeMs how long a pairing code stays open
     * @param writes where a phone's last-seen time is written, off the thread that checked its credential
     */
    public RemotePhones(PhoneStore store, long codeLifeMs, Executor writes, LongSupplier clock) {
        this.store = store;
        this.codeLifeMs = codeLifeMs;
        this.writes = writes;
        this.clock = clock;
        this.enabled = store.remoteEnabled();
        for (PhoneStore.Stored stored : store.phones()) {
            Entry entry = new Entry(stored);
            byDigest.put(stored.digest(), entry);
            byId.put(stored.id(), entry);
        }
    }

    /** Calls {@code listener} after remote access was turned off, a phone removed or every phone forgotten. */
    public void onRevoked(Runnable listener) {
        changes.add(listener);
    }

    /**
     * Calls {@code listener} after anything a {@link #listing()} shows changed: remote access turned on or off, a
     * phone paired or removed, every phone forgotten.
     */
    public void onListingChanged(Runnable listener) {
        listings.add(listener);
    }

    /** Whether remote access is on, and every paired phone's hash, the first paired first. */
    public Listing listing() {
        return new Listing(
                enabled, sorted().map(e -> new Hashed(e.id, e.digest)).toList());
    }

    public boolean enabled() {
        return enabled;
    }

    /** Turns remote access on or off; off also closes the open code. Kept across restarts. */
    public void enable(boolean on) {
        synchronized (this) {
            if (!on) {
                // Off in memory first, so that no phone's check passes while the file is written.
                enabled = false;
                open = null;
            }
            store.remoteEnabled(on);
            enabled = on;
        }
        log.info("Remote access turned {}", on ? "on" : "off");
        if (!on) {
            revoked();
        }
        listingChanged();
    }

    /** A new pairing code, replacing any open one; empty while remote access is off. */
    public synchronized Optional<PairingCode> newCode() {
        if (!enabled) {
            return Optional.empty();
        }
        open = PairingCode.next(random, clock.getAsLong() + codeLifeMs);
        wrongTries = 0;
        return Optional.of(open);
    }

    /** The open code, while it is open. */
    public synchronized Optional<PairingCode> openCode() {
        if (open != null && open.expiresAt() <= clock.getAsLong()) {
            open = null;
        }
        return Optional.ofNullable(open);
    }

    /**
     * Pairs a phone when {@code typed} is the open code: the code is used up, the phone kept with the SHA-256 of a
     * new credential. Null for a wrong, expired or used code, or while remote access is off. Call it through
     * {@link ParentAccess#pair}, which counts wrong codes per address.
     */
    Paired pair(String typed, String name) {
        Paired paired = pairNow(typed, name);
        if (paired != null) {
            // Outside the lock: a listener may take locks of its own.
            listingChanged();
        }
        return paired;
    }

    private synchronized Paired pairNow(String typed, String name) {
        if (!enabled || openCode().isEmpty()) {
            return null;
        }
        if (!open.matches(typed)) {
            if (++wrongTries >= WRONG_TRIES_PER_CODE) {
                log.warn("{} wrong pairing codes; the open one is closed", wrongTries);
                open = null;
            }
            return null;
        }
        open = null;
        String credential = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        PhoneStore.Stored stored = new PhoneStore.Stored(
                "phone-" + HexFormat.of().formatHex(bytes(8)),
                ParentCode.sha256(credential),
                name,
                clock.getAsLong(),
                null);
        store.add(stored);
        Entry entry = new Entry(stored);
        byDigest.put(stored.digest(), entry);
        byId.put(stored.id(), entry);
        log.info("Phone {} paired for remote access", stored.id());
        return new Paired(stored.id(), credential);
    }

    /** Whose credential has this SHA-256; a live phone's use is remembered as its last-seen time. */
    Standing standing(String digest) {
        Entry entry = byDigest.get(digest);
        if (entry == null) {
            return Standing.UNKNOWN;
        }
        if (!enabled) {
            return Standing.PAUSED;
        }
        seen(entry);
        return Standing.LIVE;
    }

    /** The phone whose credential has this SHA-256, or null. */
    String phoneId(String digest) {
        Entry entry = byDigest.get(digest);
        return entry == null ? null : entry.id;
    }

    /** Whether this phone is still paired and remote access is on. */
    public boolean live(String phoneId) {
        return enabled && byId.containsKey(phoneId);
    }

    /** As {@link #live}, for a phone that is using the box just now: remembered as its last-seen time. */
    public boolean use(String phoneId) {
        Entry entry = byId.get(phoneId);
        if (entry == null || !enabled) {
            return false;
        }
        seen(entry);
        return true;
    }

    /** The paired phones, the first paired first. */
    public List<Phone> phones() {
        return sorted().map(e -> new Phone(e.id, e.name, e.pairedAt, e.lastSeen))
                .toList();
    }

    /** Revokes a phone's credential at once; false when no phone has this id. */
    public boolean remove(String phoneId) {
        boolean removed;
        synchronized (this) {
            // From memory first, so that no check passes while the file is written.
            Entry entry = byId.remove(phoneId);
            if (entry != null) {
                byDigest.values().remove(entry);
            }
            removed = store.remove(phoneId) || entry != null;
        }
        if (removed) {
            log.info("Phone {} removed from remote access", phoneId);
            revoked();
            listingChanged();
        }
        return removed;
    }

    /** A box made new again: every phone goes, remote access is off. */
    public void forgetAll() {
        synchronized (this) {
            store.forgetAll();
            byDigest.clear();
            byId.clear();
            enabled = false;
            open = null;
        }
        revoked();
        listingChanged();
    }

    private void seen(Entry entry) {
        long now = clock.getAsLong();
        entry.lastSeen = now;
        long written = entry.written.get();
        if (now - written >= SEEN_WRITE_MS && entry.written.compareAndSet(written, now)) {
            writes.execute(() -> {
                try {
                    store.seen(entry.id, now);
                } catch (RuntimeException e) {
                    log.warn("Could not note when phone {} was last seen: {}", entry.id, e.toString());
                }
            });
        }
    }

    private java.util.stream.Stream<Entry> sorted() {
        return byId.values().stream()
                .sorted(Comparator.<Entry>comparingLong(e -> e.pairedAt).thenComparing(e -> e.id));
    }

    private void listingChanged() {
        for (Runnable listener : listings) {
            listener.run();
        }
    }

    private void revoked() {
        for (Runnable listener : changes) {
            listener.run();
        }
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Where no phone can be paired (access control off, or a test that does not pair): keeps nothing. */
    public static RemotePhones none() {
        return new RemotePhones(new Nowhere(), 1, Runnable::run, System::currentTimeMillis);
    }

    private static final class Nowhere implements PhoneStore {
        @Override
        public boolean remoteEnabled() {
            return false;
        }

        @Override
        public void remoteEnabled(boolean on) {
            if (on) {
                throw new IllegalStateException("Remote access needs parent access control");
            }
        }

        @Override
        public List<Stored> phones() {
            return List.of();
        }

        @Override
        public void add(Stored phone) {}

        @Override
        public boolean remove(String id) {
            return false;
        }

        @Override
        public void seen(String id, long at) {}

        @Override
        public void forgetAll() {}
    }
}
