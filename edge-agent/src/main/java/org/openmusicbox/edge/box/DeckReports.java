package org.openmusicbox.edge.box;

import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.openmusicbox.edge.audio.Deck;

/**
 * The deck's reports, which come from its own threads, handed to the box thread: the one writer
 * of box state is the only one that acts on them.
 */
final class DeckReports implements Deck.Listener {

    private final Inbox inbox;
    private final LongConsumer firstAudio;
    private final LongConsumer finished;
    private final BiConsumer<Long, String> failed;

    DeckReports(Inbox inbox, LongConsumer firstAudio, LongConsumer finished, BiConsumer<Long, String> failed) {
        this.inbox = inbox;
        this.firstAudio = firstAudio;
        this.finished = finished;
        this.failed = failed;
    }

    @Override
    public void firstAudio(long token) {
        inbox.post(Inbox.Lane.DEVICE, () -> firstAudio.accept(token));
    }

    @Override
    public void finished(long token) {
        inbox.post(Inbox.Lane.DEVICE, () -> finished.accept(token));
    }

    @Override
    public void failed(long token, String reason) {
        inbox.post(Inbox.Lane.DEVICE, () -> failed.accept(token, reason));
    }
}
