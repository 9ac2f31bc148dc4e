package org.openmusicbox.edge.sync;

import java.util.List;
import org.openmusicbox.protocol.v1.sync.FieldChange;

/**
 * Stands in for the box's {@link CloudChanges} until applying the cloud's log through the box's writer is wired:
 * every page is refused, so it is not acknowledged, the cursor stays where it was and nothing of the log is lost.
 */
public final class UnappliedCloudChanges implements CloudChanges {

    @Override
    public long cursor() {
        return 0;
    }

    @Override
    public void apply(long lastSeq, List<FieldChange> changes) {
        throw new UnsupportedOperationException(
                "the box cannot apply the cloud's changes yet; " + changes.size() + " left in the cloud's log");
    }
}
