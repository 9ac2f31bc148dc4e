package org.openmusicbox.edge.sync;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.library.MediaNeeds;
import org.openmusicbox.edge.media.MediaCache;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;

/**
 * Brings the files of cloud tracks onto the box: for each missing file (those of tag-linked playlists first) a
 * {@code get} on {@code media/requests}, then the download through the answered URL into the {@link MediaCache}, at
 * most {@link #AT_ONCE} at a time. A URL is asked for just before it is used and never kept. A failure (not found,
 * an expired URL, a cut) waits with a growing backoff per file before it is asked again; a cut download resumes.
 *
 * <p>Not thread-safe: the sync thread calls every method; a download's end comes back to it through {@code thread}.
 */
final class MediaDownloads {

    /** Two downloads share the Pi's Wi-Fi with the LAN page and playing; more would only slow each. */
    static final int AT_ONCE = 2;

    /**
     * An unanswered {@code get} is asked again after this long: the broker takes a request no cloud instance gets
     * (none subscribed yet after a broker restart) without a word. As long as the outbox waits for its results.
     */
    private static final long PATIENCE_NS = OutboxDrain.PATIENCE_NS;

    private final MediaNeeds needs;
    private final MediaCache cache;
    private final MediaTraffic.Sender sender;
    private final Executor thread;
    private final Consumer<String> arrived;
    private final Duration minBackoff;
    private final LongSupplier nanoTime;

    private final Map<String, Asked> asked = new HashMap<>();
    private final Map<String, MediaNeeds.Missing> running = new HashMap<>();
    private final Map<String, Retry> retries = new HashMap<>();
    private List<MediaNeeds.Missing> wanted = List.of();
    private boolean stale = true;
    private String lastError;

    private record Asked(MediaNeeds.Missing file, long at) {}

    private static final class Retry {
        final Backoff backoff;
        long notBefore;

        Retry(Duration min) {
            this.backoff = new Backoff(min, min.multipliedBy(120), Math::random);
        }
    }

    MediaDownloads(
            MediaNeeds needs,
            MediaCache cache,
            MediaTraffic.Sender sender,
            Executor thread,
            Consumer<String> arrived,
            Duration minBackoff,
            LongSupplier nanoTime) {
        this.needs = needs;
        this.cache = cache;
        this.sender = sender;
        this.thread = thread;
        this.arrived = arrived;
        this.minBackoff = minBackoff;
        this.nanoTime = nanoTime;
    }

    /** The library changed (a page applied, a start): the missing files are read again at the next look. */
    void libraryChanged() {
        stale = true;
    }

    /** Asks for URLs while fewer than {@link #AT_ONCE} files are on their way and one is due. */
    void look() {
        if (stale) {
            stale = false;
            wanted = needs.missing();
        }
        long now = nanoTime.getAsLong();
        asked.values().removeIf(a -> now - a.at() > PATIENCE_NS);
        for (MediaNeeds.Missing file : wanted) {
            if (asked.size() + running.size() >= AT_ONCE) {
                return;
            }
            String sha = file.sha256();
            Retry retry = retries.get(sha);
            boolean busy = running.containsKey(sha)
                    || asked.values().stream().anyMatch(a -> a.file().sha256().equals(sha));
            if (busy || cache.has(sha) || (retry != null && now - retry.notBefore < 0)) {
                continue;
            }
            String requestId = "get-" + UUID.randomUUID().toString().substring(0, 13);
            MediaRequest request = new MediaRequest(sender.deviceId(), requestId, MediaRequest.GET, sha, file.ext(), 0);
            if (!sender.send(request)) {
                return;
            }
            asked.put(requestId, new Asked(file, now));
        }
    }

    /** True when the answer was for a {@code get} of this box. */
    boolean answered(MediaAnswer answer) {
        Asked a = asked.remove(answer.requestId());
        if (a == null) {
            return false;
        }
        MediaNeeds.Missing file = a.file();
        if (!MediaAnswer.URL.equals(answer.status())) {
            failed(
                    file,
                    "the cloud answered " + answer.status()
                            + (answer.errorType() == null ? "" : " " + answer.errorType() + ": " + answer.message()));
            return true;
        }
        URI url;
        try {
            url = URI.create(answer.url());
            running.put(file.sha256(), file);
            cache.fetch(file.sha256(), file.ext(), file.size(), url)
                    .whenComplete((path, error) -> thread.execute(() -> {
                        running.remove(file.sha256());
                        if (error == null) {
                            retries.remove(file.sha256());
                            stale = true;
                            arrived.accept(file.sha256());
                        } else {
                            failed(file, String.valueOf(error.getMessage()));
                        }
                        look();
                    }));
        } catch (RuntimeException e) {
            running.remove(file.sha256());
            failed(file, "unusable URL: " + e.getMessage());
        }
        return true;
    }

    /** The link went: unanswered questions are forgotten (downloads under way go on, they need no link). */
    void lost() {
        asked.clear();
    }

    private void failed(MediaNeeds.Missing file, String why) {
        lastError = "download of " + file.sha256() + "." + file.ext() + ": " + why;
        Retry retry = retries.computeIfAbsent(file.sha256(), k -> new Retry(minBackoff));
        retry.notBefore = nanoTime.getAsLong() + retry.backoff.next().toNanos();
    }

    /** Files missing and not yet here, for health. */
    int waiting() {
        int n = 0;
        for (MediaNeeds.Missing file : new ArrayList<>(wanted)) {
            if (!cache.has(file.sha256())) {
                n++;
            }
        }
        return n;
    }

    String lastError() {
        return lastError;
    }
}
