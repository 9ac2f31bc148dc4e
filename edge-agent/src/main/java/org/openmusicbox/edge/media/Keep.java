package org.openmusicbox.edge.media;

import java.util.Set;

/**
 * Which cached files must stay, whatever the budget: the box answers "the tracks of playlists linked to a
 * tag", so that a child's tag still plays without the network. Asked each time room must be made, from a
 * download's thread; the answer need only be consistent for that moment.
 */
@FunctionalInterface
public interface Keep {

    /** The sha256s (lowercase hex) that must not be evicted. */
    Set<String> sha256s();
}
