package org.openmusicbox.edge.sync;

import org.openmusicbox.edge.device.LinkStatus;

/** The link of a box without a cloud: nothing runs, health says so. */
public final class NoCloud implements CloudLink {

    private static final LinkStatus STATUS =
            LinkStatus.disabled("No cloud link is set up; the box works fully on the home network "
                    + "(YouTube import and remote control need the cloud)");

    @Override
    public void start() {}

    @Override
    public LinkStatus status() {
        return STATUS;
    }

    @Override
    public void close() {}
}
