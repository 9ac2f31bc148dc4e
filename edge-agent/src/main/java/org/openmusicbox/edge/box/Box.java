package org.openmusicbox.edge.box;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.StorageCheck;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.protocol.v1.PlayerState;

/**
 * The box as the endpoints see it: its library, its player, its devices and the way to reach the
 * box thread. Box state is read and changed only on the {@link Inbox} thread; other threads ask
 * through {@link #ask}.
 */
public final class Box {

    private final Inbox inbox;
    private final Library library;
    private final Broadcaster broadcaster;
    private final AudioOutput audio;
    private final TagReader reader;
    private final Buttons buttons;
    private final Player player;
    private final StorageCheck storage;
    private final BooleanSupplier socketIo;

    /** @param socketIo whether the Socket.IO server has started, for health */
    public Box(Inbox inbox, Library library, Broadcaster broadcaster, AudioOutput audio, TagReader reader,
               Buttons buttons, Player player, StorageCheck storage, BooleanSupplier socketIo) {
        this.socketIo = socketIo;
        this.storage = storage;
        this.buttons = buttons;
        this.inbox = inbox;
        this.library = library;
        this.broadcaster = broadcaster;
        this.audio = audio;
        this.reader = reader;
        this.player = player;
    }

    /** The player state stamped with the current sequence. Box thread only. */
    public PlayerState playerState() {
        return player.state();
    }

    /** Health can be read from any thread: it only asks the devices and the database. */
    public Health health() {
        return Health.of(library.healthy(), storage.damage(), audio.status(), reader.status(), buttons.status(), storage.status(),
                socketIo.getAsBoolean());
    }

    /** Runs {@code work} on the box thread, waiting in {@code lane}. */
    public <T> CompletableFuture<T> ask(Inbox.Lane lane, java.util.function.Supplier<T> work) {
        return inbox.ask(lane, work);
    }

    public Inbox inbox() {
        return inbox;
    }

    public Broadcaster broadcaster() {
        return broadcaster;
    }

    public Library library() {
        return library;
    }
}
