package org.openmusicbox.edge.setup;

import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.nfc.TagUid;

/**
 * A hand at the box, seen on its way to what the tags and buttons do: it finishes a waiting claim and feeds
 * the reset gesture, then the press or tag goes on as usual (a claim does not swallow the child's button).
 */
public final class Presence implements TagReader.Listener, Buttons.Listener {

    private final Claim claim;
    private final ResetGesture gesture;
    private final TagReader.Listener tags;
    private final Buttons.Listener buttons;

    public Presence(Claim claim, ResetGesture gesture, TagReader.Listener tags, Buttons.Listener buttons) {
        this.claim = claim;
        this.gesture = gesture;
        this.tags = tags;
        this.buttons = buttons;
    }

    @Override
    public void placed(TagUid tag) {
        // The gesture first: the tag that claims the box must not count as a hold on a claimed box.
        gesture.placed(tag);
        claim.presence("a tag");
        tags.placed(tag);
    }

    @Override
    public void lifted(TagUid tag) {
        gesture.lifted();
        tags.lifted(tag);
    }

    @Override
    public void down(Buttons.Button button) {
        gesture.down(button);
        buttons.down(button);
    }

    @Override
    public void up(Buttons.Button button) {
        gesture.up(button);
        buttons.up(button);
    }

    @Override
    public void pressed(Buttons.Press press) {
        claim.presence("a button");
        buttons.pressed(press);
    }

    @Override
    public void turned(int detents) {
        buttons.turned(detents);
    }
}
