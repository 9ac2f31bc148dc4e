package org.openmusicbox.edge.setup;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.openmusicbox.edge.controls.Buttons.Button;
import org.openmusicbox.edge.nfc.TagUid;

/**
 * The way back for a forgotten parent code, only at the box: Previous and Next held together, or a tag that
 * plays nothing left on the reader, for the hold time. A hold counts only when it begins on a claimed box, so
 * the tag or button that claims a box cannot reset it a few seconds later; a tag linked to a playlist while it
 * lies there (the parent linking a new card) does not reset either. Thread-safe.
 */
public final class ResetGesture {

    private final Later later;
    private final long holdMs;
    private final BooleanSupplier claimed;
    private final Predicate<TagUid> playsNothing;
    private final Runnable reset;
    private final Set<Button> held = EnumSet.noneOf(Button.class);
    private Runnable buttonsTimer;
    private Runnable tagTimer;
    private TagUid tag;

    /** @param reset what a whole hold does (runs on the timer's thread) */
    public ResetGesture(
            Later later, long holdMs, BooleanSupplier claimed, Predicate<TagUid> playsNothing, Runnable reset) {
        this.later = later;
        this.holdMs = holdMs;
        this.claimed = claimed;
        this.playsNothing = playsNothing;
        this.reset = reset;
    }

    public synchronized void down(Button button) {
        held.add(button);
        if (buttonsTimer == null
                && held.contains(Button.PREVIOUS)
                && held.contains(Button.NEXT)
                && claimed.getAsBoolean()) {
            Runnable[] mine = new Runnable[1];
            mine[0] = later.after(holdMs, () -> buttonsHeld(mine));
            buttonsTimer = mine[0];
        }
    }

    public synchronized void up(Button button) {
        held.remove(button);
        if (buttonsTimer != null && (button == Button.PREVIOUS || button == Button.NEXT)) {
            buttonsTimer.run();
            buttonsTimer = null;
        }
    }

    public synchronized void placed(TagUid uid) {
        lifted();
        if (!claimed.getAsBoolean() || !playsNothing.test(uid)) {
            return;
        }
        tag = uid;
        Runnable[] mine = new Runnable[1];
        mine[0] = later.after(holdMs, () -> tagLeft(mine, uid));
        tagTimer = mine[0];
    }

    public synchronized void lifted() {
        if (tagTimer != null) {
            tagTimer.run();
            tagTimer = null;
        }
        tag = null;
    }

    private void buttonsHeld(Runnable[] mine) {
        synchronized (this) {
            if (buttonsTimer != mine[0]) {
                return;
            }
            buttonsTimer = null;
        }
        reset.run();
    }

    private void tagLeft(Runnable[] mine, TagUid uid) {
        synchronized (this) {
            if (tagTimer != mine[0] || !uid.equals(tag)) {
                return;
            }
            tagTimer = null;
        }
        if (playsNothing.test(uid)) {
            reset.run();
        }
    }
}
