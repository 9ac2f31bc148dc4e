package org.openmusicbox.edge.setup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.ParentCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new box becomes a parent's: they name it and choose a parent code on the page ({@link #begin}), then
 * prove within the window that they stand at the box, by a press of one of its buttons or a tag on its reader
 * ({@link #presence}). Someone else on the Wi-Fi can start a claim too, but cannot finish it without a hand at
 * the box, and while one claim waits every other is refused, so a second phone cannot take over the first
 * one's window. A forgotten code returns the box to new ({@link #reset}), the library kept. Thread-safe.
 */
public final class Claim {

    private static final Logger log = LoggerFactory.getLogger(Claim.class);

    public static final int MAX_NAME = 40;

    private record Pending(String codeHash, String boxName, long expiresAt, Runnable[] cancel) {}

    private final ParentAccess access;
    private final Later later;
    private final LongSupplier clock;
    private final long presenceMs;
    private final int iterations;
    private final List<Consumer<SetupState>> listeners = new CopyOnWriteArrayList<>();
    private Pending pending;

    /** @param iterations PBKDF2 iterations for the code's hash ({@link ParentCode#DEFAULT_ITERATIONS}) */
    public Claim(ParentAccess access, Later later, LongSupplier clock, long presenceMs, int iterations) {
        this.access = access;
        this.later = later;
        this.clock = clock;
        this.presenceMs = presenceMs;
        this.iterations = iterations;
    }

    /** What is wrong with a name and a code, by field ({@code box_name}, {@code parent_code}); empty when both do. */
    public static Map<String, String> problems(String boxName, String code) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = boxName == null ? "" : boxName.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            problems.put("box_name", "The box's name needs 1 to " + MAX_NAME + " characters");
        }
        String bad = ParentCode.problem(code);
        if (bad != null) {
            problems.put("parent_code", bad);
        }
        return problems;
    }

    /** Called with the new state after every change, on the thread that made it. */
    public void onChange(Consumer<SetupState> listener) {
        listeners.add(listener);
    }

    public synchronized SetupState state() {
        Pending p = current();
        if (p != null) {
            long now = clock.getAsLong();
            return new SetupState(SetupState.WAITING, p.boxName(), p.expiresAt(), Math.max(0, p.expiresAt() - now));
        }
        String state = access.claimed() ? SetupState.CLAIMED : SetupState.UNCLAIMED;
        return new SetupState(state, access.boxName(), null, null);
    }

    public boolean claimed() {
        return access.claimed();
    }

    /**
     * Starts the window for a hand at the box. The name and code must have passed {@link #problems}.
     * Slow (the code is hashed here): call it off the event loop.
     *
     * @throws ClaimRefused when the box is claimed already or another claim waits
     */
    public SetupState begin(String boxName, String code) {
        synchronized (this) {
            refuseUnlessNew();
        }
        String hash = ParentCode.hash(code, iterations);
        Pending p;
        synchronized (this) {
            refuseUnlessNew();
            p = new Pending(hash, boxName.strip(), clock.getAsLong() + presenceMs, new Runnable[1]);
            pending = p;
            p.cancel()[0] = later.after(presenceMs, () -> expire(p));
        }
        log.info("Setup: waiting {} s for a press of a box button or a tag on the reader", presenceMs / 1000);
        return announce();
    }

    /** A hand at the box (a button pressed, a tag placed): finishes a waiting claim, else nothing. */
    public void presence(String what) {
        Pending p;
        synchronized (this) {
            p = current();
            if (p == null) {
                return;
            }
            pending = null;
            p.cancel()[0].run();
            access.claim(p.codeHash(), p.boxName());
        }
        log.info("Setup: the box is claimed ({} at the box)", what);
        announce();
    }

    /** A forgotten code: back to a new box, its name and library kept, every session ended. */
    public void reset(String how) {
        synchronized (this) {
            Pending p = pending;
            if (p != null) {
                p.cancel()[0].run();
                pending = null;
            }
            access.forget();
        }
        log.warn("Setup: reset by {}; the box is new again (its library is kept)", how);
        announce();
    }

    private void expire(Pending p) {
        synchronized (this) {
            if (pending != p) {
                return;
            }
            pending = null;
        }
        log.info("Setup: no button press or tag in time; the box is still new");
        announce();
    }

    /** The waiting claim, if its window is still open by the clock (the timer may run a little late). */
    private Pending current() {
        Pending p = pending;
        return p != null && clock.getAsLong() <= p.expiresAt() ? p : null;
    }

    private void refuseUnlessNew() {
        if (access.claimed()) {
            throw new ClaimRefused("already_claimed", "This box already has a parent code", null);
        }
        Pending p = current();
        if (p != null) {
            throw new ClaimRefused(
                    "setup_in_progress",
                    "Another phone is setting this box up; try again when its minute is over",
                    p.expiresAt());
        }
    }

    private SetupState announce() {
        SetupState now = state();
        for (Consumer<SetupState> listener : listeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                log.warn("Setup: telling a listener failed", e);
            }
        }
        return now;
    }
}
