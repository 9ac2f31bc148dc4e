package org.openmusicbox.edge.nfc;

/**
 * Places and lifts tags on a reader that has no antenna, for trying the box and for tests. Only a
 * simulated reader offers it, so the endpoint that uses it exists only on a box without a real reader.
 */
public interface TagHand {

    /** @return false when this tag was already resting on the reader (no new event) */
    boolean place(TagUid tag);

    /** @return false when this tag was not on the reader */
    boolean lift(TagUid tag);
}
