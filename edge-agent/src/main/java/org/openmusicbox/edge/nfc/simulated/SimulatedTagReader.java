package org.openmusicbox.edge.nfc.simulated;

import java.util.Optional;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.nfc.TagHand;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.nfc.TagUid;

/**
 * The reader used when no NFC hardware is attached: tags are placed and lifted over HTTP
 * ({@code /api/nfc/simulator/tags/{tag_id}}). Like a real reader it reports a resting tag once, and
 * placing another tag first lifts the one before.
 */
public final class SimulatedTagReader implements TagReader, TagHand {

    private Listener listener;
    private TagUid resting;

    @Override
    public synchronized void start(Listener newListener) {
        this.listener = newListener;
    }

    @Override
    public synchronized boolean place(TagUid tag) {
        if (tag.equals(resting)) {
            return false;
        }
        if (resting != null) {
            notifyLifted(resting);
        }
        resting = tag;
        if (listener != null) {
            listener.placed(tag);
        }
        return true;
    }

    @Override
    public synchronized boolean lift(TagUid tag) {
        if (!tag.equals(resting)) {
            return false;
        }
        resting = null;
        notifyLifted(tag);
        return true;
    }

    public synchronized Optional<TagUid> resting() {
        return Optional.ofNullable(resting);
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.simulated("No NFC reader attached; tags are placed over HTTP");
    }

    @Override
    public void close() {}

    private void notifyLifted(TagUid tag) {
        if (listener != null) {
            listener.lifted(tag);
        }
    }
}
