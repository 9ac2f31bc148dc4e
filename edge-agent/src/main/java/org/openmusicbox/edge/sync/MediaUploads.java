package org.openmusicbox.edge.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.library.PendingUploads;
import org.openmusicbox.edge.library.PendingUploads.Pending;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends files uploaded on the LAN to the cloud's media store, one at a time: {@code put}; on {@code present} the file
 * is done, on a URL it is PUT (streamed from the card) and then {@code stored} is asked, which {@code present}
 * ends. A {@code checksum_mismatch} is tried once more later, then given up with a log line; an internal error or a
 * network failure waits with a growing backoff. The pending rows are durable, so a restart goes on where it was.
 *
 * <p>Not thread-safe: the sync thread calls every method; a PUT's end comes back to it through {@code thread}.
 */
final class MediaUploads {

    private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);

    /** A file whose bytes the cloud found wrong this many times is given up. */
    static final int MISMATCHES_ALLOWED = 2;

    /** An unanswered {@code put} or {@code stored} is asked again after this long, as a {@code get} is. */
    private static final long PATIENCE_NS = OutboxDrain.PATIENCE_NS;

    private final PendingUploads pending;
    private final Path mediaDir;
    private final HttpClient http;
    private final MediaTraffic.Sender sender;
    private final Executor thread;
    private final Duration minBackoff;
    private final LongSupplier nanoTime;

    /** The one file under way, its question and when it was asked; null for none. */
    private Pending current;

    private String requestId;
    private long askedAt;
    private boolean putting;
    private final Map<String, Retry> retries = new HashMap<>();
    private String lastError;
    /** The rows are read again when something changed here, and every {@link #REREAD_NS} for new LAN uploads. */
    private boolean stale = true;

    private long readAt;
    private List<Pending> rows = List.of();

    private static final long REREAD_NS = 5_000_000_000L;

    private static final class Retry {
        final Backoff backoff;
        long notBefore;

        Retry(Duration min) {
            this.backoff = new Backoff(min, min.multipliedBy(120), Math::random);
        }
    }

    MediaUploads(
            PendingUploads pending,
            Path mediaDir,
            HttpClient http,
            MediaTraffic.Sender sender,
            Executor thread,
            Duration minBackoff,
            LongSupplier nanoTime) {
        this.pending = pending;
        this.mediaDir = mediaDir;
        this.http = http;
        this.sender = sender;
        this.thread = thread;
        this.minBackoff = minBackoff;
        this.nanoTime = nanoTime;
    }

    /** Starts the next due file when none is under way. */
    void look() {
        long now = nanoTime.getAsLong();
        if (current != null && !putting && requestId != null && now - askedAt > PATIENCE_NS) {
            current = null;
        }
        if (current != null) {
            return;
        }
        if (stale || now - readAt > REREAD_NS) {
            stale = false;
            readAt = now;
            rows = pending.all();
        }
        for (Pending row : rows) {
            Retry retry = retries.get(row.sha256());
            if (retry != null && now - retry.notBefore < 0) {
                continue;
            }
            if (!Files.isRegularFile(mediaDir.resolve(row.path()))) {
                log.warn("Upload of {} to the cloud given up: its file {} is gone", row.sha256(), row.path());
                pending.done(row.sha256());
                stale = true;
                continue;
            }
            current = row;
            ask(MediaRequest.PUT);
            return;
        }
    }

    /** True when the answer was for this box's {@code put} or {@code stored}. */
    boolean answered(MediaAnswer answer) {
        if (current == null || !answer.requestId().equals(requestId)) {
            return false;
        }
        requestId = null;
        Pending file = current;
        boolean stored = answer.requestId().startsWith(MediaRequest.STORED);
        if (MediaAnswer.PRESENT.equals(answer.status())) {
            pending.stored(file.sha256());
            retries.remove(file.sha256());
            log.info("Media {} is in the cloud's store", answer.objectKey());
            next();
        } else if (MediaAnswer.URL.equals(answer.status()) && !stored) {
            put(file, answer.url());
        } else if (MediaAnswer.CHECKSUM_MISMATCH.equals(answer.errorType())) {
            if (pending.mismatched(file.sha256()) >= MISMATCHES_ALLOWED) {
                log.error(
                        "Upload of {} given up: the cloud found other bytes than sent, {} times",
                        file.sha256(),
                        MISMATCHES_ALLOWED);
                pending.done(file.sha256());
                next();
            } else {
                failed(file, "the cloud found other bytes than sent; trying once more later");
            }
        } else if (MediaAnswer.INTERNAL_ERROR.equals(answer.errorType()) || answer.errorType() == null) {
            failed(file, "the cloud answered " + answer.status() + " " + answer.message());
        } else {
            log.error(
                    "Upload of {} given up: the cloud answered {}: {}",
                    file.sha256(),
                    answer.errorType(),
                    answer.message());
            lastError = "upload of " + file.sha256() + ": " + answer.errorType();
            pending.done(file.sha256());
            next();
        }
        return true;
    }

    /** The link went: a question in the air is asked again on the next connection (a PUT under way goes on). */
    void lost() {
        if (!putting) {
            current = null;
            requestId = null;
        }
    }

    private void put(Pending file, String url) {
        putting = true;
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(mediaDir.resolve(file.path())))
                    .build();
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException | RuntimeException e) {
            putting = false;
            failed(file, "cannot PUT: " + e);
            return;
        }
        sent.whenComplete((response, error) -> thread.execute(() -> {
            putting = false;
            if (current != file) {
                return;
            }
            if (error != null) {
                failed(file, "PUT failed: " + error.getMessage());
            } else if (response.statusCode() / 100 != 2) {
                failed(file, "PUT answered HTTP " + response.statusCode());
            } else {
                ask(MediaRequest.STORED);
            }
        }));
    }

    private void ask(String action) {
        Pending file = current;
        String id = action + "-" + UUID.randomUUID().toString().substring(0, 13);
        if (sender.send(new MediaRequest(sender.deviceId(), id, action, file.sha256(), file.format(), file.size()))) {
            requestId = id;
            askedAt = nanoTime.getAsLong();
        } else {
            current = null;
        }
    }

    private void failed(Pending file, String why) {
        lastError = "upload of " + file.sha256() + "." + file.format() + ": " + why;
        log.warn("Media upload: {}", lastError);
        Retry retry = retries.computeIfAbsent(file.sha256(), k -> new Retry(minBackoff));
        retry.notBefore = nanoTime.getAsLong() + retry.backoff.next().toNanos();
        next();
    }

    private void next() {
        stale = true;
        current = null;
        requestId = null;
        look();
    }

    /** Read from the store, not from the rows last read: a LAN upload just made counts at once. */
    int waiting() {
        return pending.all().size();
    }

    String lastError() {
        return lastError;
    }
}
