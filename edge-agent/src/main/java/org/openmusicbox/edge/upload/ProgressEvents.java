package org.openmusicbox.edge.upload;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.protocol.v1.UploadProgress;

/**
 * Thins out {@code upload:progress}: at most one event per {@link #INTERVAL} per session, so that a
 * fast upload on the local network does not flood every phone watching the playlist. The latest
 * progress is never lost: a held-back event is sent when the interval ends, and the event that
 * says the last chunk arrived is sent at once. Used only on the box thread.
 */
final class ProgressEvents {

    static final Duration INTERVAL = Duration.ofMillis(100);

    private final Inbox inbox;
    private final Consumer<UploadProgress> send;
    private final LongSupplier nanos;
    private final Map<String, Pace> bySession = new HashMap<>();

    private static final class Pace {
        long lastSent;
        UploadProgress waiting;
        ScheduledFuture<?> timer;
    }

    ProgressEvents(Inbox inbox, Consumer<UploadProgress> send, LongSupplier nanos) {
        this.inbox = inbox;
        this.send = send;
        this.nanos = nanos;
    }

    void chunkStored(UploadProgress progress) {
        long now = nanos.getAsLong();
        Pace pace = bySession.get(progress.sessionId());
        if (pace == null) {
            pace = new Pace();
            pace.lastSent = now - INTERVAL.toNanos();
            bySession.put(progress.sessionId(), pace);
        }
        long since = now - pace.lastSent;
        if (progress.complete() || since >= INTERVAL.toNanos()) {
            if (pace.timer != null) {
                pace.timer.cancel(false);
                pace.timer = null;
            }
            pace.waiting = null;
            pace.lastSent = now;
            send.accept(progress);
            if (progress.complete()) {
                bySession.remove(progress.sessionId());
            }
            return;
        }
        pace.waiting = progress;
        if (pace.timer == null) {
            Pace held = pace;
            pace.timer =
                    inbox.later(Duration.ofNanos(INTERVAL.toNanos() - since), () -> flush(progress.sessionId(), held));
        }
    }

    /** The session ended (finalized, cancelled, cleaned): nothing more is sent for it. */
    void forget(String sessionId) {
        Pace pace = bySession.remove(sessionId);
        if (pace != null && pace.timer != null) {
            pace.timer.cancel(false);
        }
    }

    private void flush(String sessionId, Pace pace) {
        if (bySession.get(sessionId) != pace || pace.waiting == null) {
            return;
        }
        pace.timer = null;
        pace.lastSent = nanos.getAsLong();
        UploadProgress waiting = pace.waiting;
        pace.waiting = null;
        send.accept(waiting);
    }
}
