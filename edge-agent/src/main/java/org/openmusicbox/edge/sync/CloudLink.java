package org.openmusicbox.edge.sync;

import org.openmusicbox.edge.device.LinkStatus;

/**
 * The box's connection to the cloud's broker. It connects in the background and keeps trying while the
 * internet is away; nothing of the box waits for it.
 */
public interface CloudLink extends AutoCloseable {

    /** Starts connecting on the link's own thread and returns at once. */
    void start();

    /** How the link is doing now; readable from any thread. */
    LinkStatus status();

    /** Says goodbye to the broker when connected (presence {@code offline}) and stops trying. */
    @Override
    void close();
}
