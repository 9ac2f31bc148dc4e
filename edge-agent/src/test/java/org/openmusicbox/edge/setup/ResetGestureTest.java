package org.openmusicbox.edge.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.controls.Buttons.Button;
import org.openmusicbox.edge.nfc.TagUid;

class ResetGestureTest {

    private final ManualTime time = new ManualTime();
    private final Set<TagUid> linked = new HashSet<>();
    private boolean claimed = true;
    private int resets;
    private final ResetGesture gesture =
            new ResetGesture(time, 10_000, () -> claimed, tag -> !linked.contains(tag), () -> resets++);

    private static TagUid tag(String hex) {
        return TagUid.parse(hex).orElseThrow();
    }

    @Test
    void previousAndNextHeldTogetherForTheWholeHoldReset() {
        gesture.down(Button.PREVIOUS);
        time.pass(3_000);
        gesture.down(Button.NEXT);
        time.pass(9_999);
        assertEquals(0, resets, "the hold counts from when both are down");
        time.pass(1);
        assertEquals(1, resets);
        time.pass(60_000);
        assertEquals(1, resets, "once per hold");
    }

    @Test
    void lettingGoOfEitherButtonCallsItOff() {
        gesture.down(Button.PREVIOUS);
        gesture.down(Button.NEXT);
        time.pass(9_000);
        gesture.up(Button.NEXT);
        time.pass(5_000);
        gesture.down(Button.NEXT);
        time.pass(9_000);
        assertEquals(0, resets, "a new hold starts from zero");
        time.pass(1_000);
        assertEquals(1, resets);
    }

    @Test
    void oneButtonOrPlayPauseHeldDoesNothing() {
        gesture.down(Button.PREVIOUS);
        gesture.down(Button.PLAY_PAUSE);
        time.pass(30_000);
        assertEquals(0, resets);
    }

    @Test
    void aTagThatPlaysNothingLeftOnTheReaderResets() {
        gesture.placed(tag("04a22b1c"));
        time.pass(9_999);
        assertEquals(0, resets);
        time.pass(1);
        assertEquals(1, resets);
    }

    @Test
    void aTagLiftedInTimeOrLinkedWhileItLiesThereOrAlreadyLinkedDoesNot() {
        gesture.placed(tag("04a22b1c"));
        time.pass(5_000);
        gesture.lifted();
        time.pass(20_000);
        gesture.placed(tag("04a22b1d"));
        time.pass(3_000);
        linked.add(tag("04a22b1d")); // the parent links the new card while it lies there
        time.pass(20_000);
        gesture.lifted();
        gesture.placed(tag("04a22b1d"));
        time.pass(20_000);
        assertEquals(0, resets);
    }

    @Test
    void aHoldThatBeginsBeforeTheBoxIsClaimedNeverResetsIt() {
        claimed = false;
        gesture.placed(tag("04a22b1c"));
        gesture.down(Button.PREVIOUS);
        gesture.down(Button.NEXT);
        claimed = true; // the tag or a press just claimed the box
        time.pass(30_000);
        assertEquals(0, resets);
    }
}
