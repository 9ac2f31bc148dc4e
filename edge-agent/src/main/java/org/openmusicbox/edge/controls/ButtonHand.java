package org.openmusicbox.edge.controls;

/**
 * Presses the box's buttons without hardware: the stand-in for a hand where the box has no GPIO buttons, as
 * {@code nfc/TagHand} is for the reader. {@link NoButtons} takes it; real buttons never do.
 */
public interface ButtonHand {

    void down(Buttons.Button button);

    void up(Buttons.Button button);
}
