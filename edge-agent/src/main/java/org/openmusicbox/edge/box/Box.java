package org.openmusicbox.edge.box;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.StorageCheck;
import org.openmusicbox.edge.nfc.TagReader;

/**
 * The parts of the box whose state makes up its {@link Health}: the library and the card it lives on,
 * the devices, the Socket.IO server and the cloud link. Endpoints get what they read or change themselves (the
 * {@link Library}, the {@link Player}, the {@link Inbox}); this is what is left to assemble in one place.
 */
public final class Box {

    private final Library library;
    private final StorageCheck storage;
    private final AudioOutput audio;
    private final TagReader reader;
    private final Buttons buttons;
    private final BooleanSupplier socketIo;
    private final Supplier<LinkStatus> cloud;

    /**
     * @param socketIo whether the Socket.IO server has started, for health
     * @param cloud how the link to the cloud's broker is doing
     */
    public Box(
            Library library,
            StorageCheck storage,
            AudioOutput audio,
            TagReader reader,
            Buttons buttons,
            BooleanSupplier socketIo,
            Supplier<LinkStatus> cloud) {
        this.library = library;
        this.storage = storage;
        this.audio = audio;
        this.reader = reader;
        this.buttons = buttons;
        this.socketIo = socketIo;
        this.cloud = cloud;
    }

    /** Health can be read from any thread: it only asks the devices and the database. */
    public Health health() {
        return Health.of(
                library.healthy(),
                storage.damage(),
                audio.status(),
                reader.status(),
                buttons.status(),
                storage.status(),
                socketIo.getAsBoolean(),
                cloud.get());
    }
}
