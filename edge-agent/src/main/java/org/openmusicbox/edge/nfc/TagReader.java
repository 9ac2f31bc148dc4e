package org.openmusicbox.edge.nfc;

import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The NFC reader. It reports a tag once when it is placed and once when it is lifted, however long
 * it rests on the reader.
 */
public interface TagReader extends AutoCloseable {

    interface Listener {
        void placed(TagUid tag);

        void lifted(TagUid tag);
    }

    void start(Listener listener);

    DeviceStatus status();

    @Override
    void close();
}
