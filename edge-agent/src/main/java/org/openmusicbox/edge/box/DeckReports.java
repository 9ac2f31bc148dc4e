package org.openmusicbox.edge.box;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.audio.Deck;

/**
 * The deck's reports, which come from its own threads, handed to the box thread: the one writer
 * of box state is the only one that acts on them. A report about an earlier play (its token is not
 * the one the player holds when the report gets there) is dropped there, so the player hears only
 * about what it plays now.
 */
final class DeckReports implements Deck.Listener {

    private final Inbox inbox;
    private final LongSupplier playing;
    private final Runnable firstAudio;
    private final Runnable finished;
    private final Consumer<String> failed;

    /** @param playing the token of the play the player holds now; read on the box thread */
    DeckReports(Inbox inbox, LongSupplier playing, Runnable firstAudio, Runnable finished, Consumer<String> failed) {
        this.inbox = inbox;
        this.playing = playing;
        this.firstAudio = firstAudio;
        this.finished = finished;
        this.failed = failed;
    }

    @Override
    public void firstAudio(long token) {
        inbox.post(Inbox.Lane.DEVICE, () -> {
            if (token == playing.getAsLong()) {
                firstAudio.run();
            }
        });
    }

    @Override
    public void finished(long token) {
        inbox.post(Inbox.Lane.DEVICE, () -> {
            if (token == playing.getAsLong()) {
                finished.run();
            }
        });
    }

    @Override
    public void failed(long token, String reason) {
        inbox.post(Inbox.Lane.DEVICE, () -> {
            if (token == playing.getAsLong()) {
                failed.accept(reason);
            }
        });
    }
}
