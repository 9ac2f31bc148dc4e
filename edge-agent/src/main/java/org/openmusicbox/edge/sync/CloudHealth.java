package org.openmusicbox.edge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.library.Outbox;

/**
 * The {@code cloud} part of health with the outbox in it: how many changes wait for the cloud and how long the oldest
 * has waited, after the link's own words, so a parent sees both that the box is offline and what it holds back.
 */
public final class CloudHealth {

    private CloudHealth() {}

    public static Supplier<LinkStatus> of(Supplier<LinkStatus> link, Outbox outbox, Supplier<Instant> clock) {
        return () -> with(link.get(), outbox, clock.get());
    }

    /** As above, with the files waiting each way and the last error in moving one. */
    public static Supplier<LinkStatus> of(
            Supplier<LinkStatus> link, Outbox outbox, Supplier<Instant> clock, Supplier<MediaTraffic.Queue> media) {
        return () -> {
            LinkStatus status = with(link.get(), outbox, clock.get());
            return new LinkStatus(status.state(), status.detail() + "; " + words(media.get()), status.since());
        };
    }

    static String words(MediaTraffic.Queue queue) {
        return "media: " + queue.downloadsWaiting() + (queue.downloadsWaiting() == 1 ? " download" : " downloads")
                + " waiting, " + queue.uploadsWaiting() + (queue.uploadsWaiting() == 1 ? " upload" : " uploads")
                + " waiting" + (queue.lastError() == null ? "" : ", last error: " + queue.lastError());
    }

    static LinkStatus with(LinkStatus link, Outbox outbox, Instant now) {
        String words;
        try {
            int depth = outbox.depth();
            Optional<Duration> age = depth == 0 ? Optional.empty() : outbox.oldestAge(now);
            words = "outbox: " + depth + (depth == 1 ? " change" : " changes") + " waiting"
                    + age.map(a -> ", the oldest for " + Math.max(0, a.toSeconds()) + " s")
                            .orElse("");
        } catch (RuntimeException e) {
            // The database part of health says what is wrong with the library; the cloud part stays readable.
            words = "outbox: unreadable";
        }
        return new LinkStatus(link.state(), link.detail() + "; " + words, link.since());
    }
}
